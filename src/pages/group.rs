//! One runner group: its settings (PATCHed field by field), its access list and its runners, each
//! editable one at a time or replaced wholesale through a reviewed diff; and deleting it.
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};

use crate::components::{ConfirmDialog, ErrorBox, GroupFieldState, GroupFields, MemberSection};
use crate::data::{group_runner_count, scope_groups, write_action, write_action_toasting, Kind, MemberList, PageApi, Write, WriteOp};
use crate::github::models::{GroupUpdate, RunnerGroup, Visibility};
use crate::github::request as ops;
use crate::github::Feature;
use crate::github::Scope;
use crate::groups::{group_update, is_empty_update, restriction, visibility_label, GroupDraft};
use crate::routes;
use crate::session::Session;

/// `id` is what the path names, `None` when it is not a number.
#[component]
pub fn GroupPage(id: Option<u64>) -> impl IntoView {
    let scope = expect_context::<Scope>();
    match id {
        Some(id) if scope.has_groups() => view! { <GroupView id=id/> }.into_any(),
        _ => view! { <p class="error" role="alert">"This address names no valid runner group."</p> }.into_any(),
    }
}

#[component]
fn GroupView(id: u64) -> impl IntoView {
    let scope = expect_context::<Scope>();
    let api = PageApi::new();
    let enterprise = matches!(scope, Scope::Enterprise { .. });
    let workflows_off = StoredValue::new(expect_context::<Session>().lacks(Feature::WorkflowRestrictions));
    let scope_sv = StoredValue::new(scope.clone());
    let patch = write_action(api);
    let delete = write_action_toasting(api);
    let group_res = LocalResource::new(move || {
        patch.version().track();
        let client = api.client();
        let call = ops::get_runner_group(&scope_sv.get_value(), id);
        async move { client?.send(call).await }
    });
    let group = Memo::new(move |prev: Option<&Option<RunnerGroup>>| match group_res.get() {
        Some(Ok(g)) => Some(g),
        _ => prev.cloned().flatten(),
    });
    let load_error = move || group_res.get().and_then(Result::err);
    let all_groups = LocalResource::new(move || {
        patch.version().track();
        let client = api.client();
        let scope = scope_sv.get_value();
        async move { scope_groups(&client?, &scope).await }
    });
    let groups = Signal::derive(move || all_groups.get().and_then(Result::ok).unwrap_or_default());
    let inherited = move || group.with(|g| g.as_ref().is_some_and(RunnerGroup::is_inherited));
    let is_default = move || group.with(|g| g.as_ref().is_some_and(|g| g.default));
    let selected_visibility = move || group.with(|g| g.as_ref().is_some_and(|g| g.visibility == Visibility::Selected));

    // ---- settings ----
    let fields = GroupFieldState::new();
    let (editing, set_editing) = signal(false);
    let (form_error, set_form_error) = signal(None::<String>);
    let saving = Signal::derive(move || patch.pending().get() || delete.pending().get());
    let name_of = move || group.with_untracked(|g| g.as_ref().map(|g| g.name.clone()).unwrap_or_default());
    // The form closes when a save it sent has succeeded, and stays open (with GitHub's error) when not.
    let edit_version = RwSignal::new(0usize);
    let form_open = move || editing.get() && !(patch.version().get() > edit_version.get() && matches!(patch.value().get(), Some(Ok(_))));
    let send_patch = move |update: GroupUpdate, done: String| {
        patch.dispatch((WriteOp::new(&scope_sv.get_value(), Write::UpdateGroup { group: id, update }, name_of()), done));
    };
    let start_edit = move |_| {
        if let Some(g) = group.get_untracked() {
            fields.load(&g);
            set_form_error.set(None);
            edit_version.set(patch.version().get_untracked());
            set_editing.set(true);
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(original) = group.get_untracked() else { return };
        let selected_workflows = match restriction(fields.restricted.get_untracked(), &fields.workflows.get_untracked()) {
            Ok(w) => w,
            Err(e) => return set_form_error.set(Some(e)),
        };
        if fields.name.get_untracked().trim().is_empty() {
            return set_form_error.set(Some("The group needs a name.".into()));
        }
        let draft = GroupDraft {
            name: fields.name.get_untracked(),
            visibility: Visibility::from(fields.visibility.get_untracked()),
            allows_public_repositories: fields.public.get_untracked(),
            restricted_to_workflows: fields.restricted.get_untracked(),
            selected_workflows: if fields.restricted.get_untracked() { selected_workflows } else { original.selected_workflows.clone() },
        };
        let update = group_update(&original, &draft);
        if is_empty_update(&update) {
            set_form_error.set(Some("Nothing changed.".into()));
            return;
        }
        set_form_error.set(None);
        send_patch(update, "Saved.".into());
    };
    // ---- delete: first count the runners that will move back to the Default group ----
    let count = Action::new_local(move |_: &()| {
        let client = api.client_untracked();
        let scope = scope_sv.get_value();
        async move { group_runner_count(&client?, &scope, id).await }
    });
    let message = move || patch.value().get().and_then(Result::ok).map(|(m, _)| m);
    let op_error = move || patch.value().get().and_then(Result::err).or_else(|| delete.value().get().and_then(Result::err)).or_else(|| count.value().get().and_then(Result::err));

    let (asking, set_asking) = signal(false);
    let ask_delete = move |_| {
        count.dispatch(());
        set_asking.set(true);
    };
    let confirm_delete = Callback::new(move |_: ()| {
        set_asking.set(false);
        delete.dispatch((WriteOp::new(&scope_sv.get_value(), Write::DeleteGroup { group: id }, name_of()), format!("Deleted runner group “{}”.", name_of())));
    });
    let deleted = move || matches!(delete.value().get(), Some(Ok(_)));
    let back = routes::groups(&scope);

    view! {
        <section class="panel" data-testid="group-page">
            <p><A href=back.clone()>"← All runner groups"</A></p>
            <Show when=deleted>
                <Redirect path=back.clone() />
            </Show>
            {move || load_error().map(|e| view! { <ErrorBox error=e scope=scope_sv.get_value() /> })}
            {move || group.get().map(|g| view! {
                <h1 data-testid="group-title">{g.name.clone()}</h1>
                {g.is_inherited().then(|| view! {
                    <p class="warning" data-testid="inherited-note">"This group is shared by the enterprise. Its settings, access list and runners belong to the enterprise and can only be changed there."</p>
                })}
                <dl class="facts" data-testid="group-facts">
                    <dt>"Visibility"</dt><dd data-testid="group-visibility">{visibility_label(&g.visibility, enterprise)}</dd>
                    <dt>"Default group"</dt><dd>{if g.default { "yes" } else { "no" }}</dd>
                    <dt>"Public repositories"</dt><dd data-testid="group-public">{if g.allows_public_repositories { "allowed" } else { "not allowed" }}</dd>
                    <dt>"Workflows"</dt>
                    <dd data-testid="group-workflows">
                        {match (workflows_off.get_value(), g.restricted_to_workflows) {
                            (Some(why), _) => format!("any workflow ({why})"),
                            (None, Some(true)) => g.selected_workflows.join(", "),
                            (None, _) => "any workflow".to_string(),
                        }}
                    </dd>
                </dl>
            })}
            {move || message().map(|m| view! { <p class="ok" role="status" data-testid="group-message">{m}</p> })}
            {move || op_error().map(|e| view! { <ErrorBox error=e scope=scope_sv.get_value() /> })}
            <Show when=move || group.with(Option::is_some) && !inherited() && !form_open()>
                <div class="inline-form">
                    <button type="button" data-testid="group-edit" on:click=start_edit>"Edit settings"</button>
                    <Show when=move || !is_default()>
                        <button type="button" class="danger" data-testid="group-delete" on:click=ask_delete disabled=saving>"Delete group…"</button>
                    </Show>
                </div>
            </Show>
            <Show when=form_open>
                <form on:submit=save data-testid="group-edit-form">
                    <GroupFields state=fields enterprise=enterprise workflows_off=workflows_off.get_value() name_locked=Signal::derive(is_default) />
                    {move || (selected_visibility() && fields.visibility.get() != Visibility::Selected.as_str()).then(|| view! {
                        <p class="warning" role="alert" data-testid="drops-access">
                            {format!("Saving drops this group's list of selected {}: only a “selected” group has one.", if enterprise { "organizations" } else { "repositories" })}
                        </p>
                    })}
                    {move || form_error.get().map(|e| view! { <p class="error" role="alert" data-testid="group-form-error">{e}</p> })}
                    <div class="inline-form">
                        <button type="submit" class="primary" data-testid="group-save" disabled=saving>"Save changes"</button>
                        <button type="button" on:click=move |_| set_editing.set(false)>"Cancel"</button>
                    </div>
                </form>
            </Show>
        </section>

        <Show when=move || group.with(Option::is_some)>
            <section class="panel" data-testid="access-section">
                <h2>{if enterprise { "Organizations with access" } else { "Repositories with access" }}</h2>
                <Show
                    when=selected_visibility
                    fallback=move || view! {
                        <p class="hint" data-testid="access-not-applicable">
                            {move || group.with(|g| g.as_ref().map(|g| format!(
                                "Visibility is “{}”, so an access list does not apply.",
                                visibility_label(&g.visibility, enterprise)
                            )))}
                        </p>
                        <Show when=move || !inherited()>
                            <button type="button" data-testid="switch-to-selected" disabled=saving
                                on:click=move |_| send_patch(GroupUpdate { visibility: Some(Visibility::Selected), ..Default::default() }, "Visibility is now “selected”: choose who has access below.".into())>
                                {if enterprise { "Switch to selected organizations" } else { "Switch to selected repositories" }}
                            </button>
                        </Show>
                    }
                >
                    <MemberSection list=MemberList::Group { scope: scope_sv.get_value(), group: id, kind: Kind::Access } read_only=Signal::derive(inherited) groups=groups api=api />
                </Show>
            </section>
            <section class="panel" data-testid="runners-section">
                <h2>"Runners in this group"</h2>
                <MemberSection list=MemberList::Group { scope: scope_sv.get_value(), group: id, kind: Kind::Runners } read_only=Signal::derive(inherited) groups=groups api=api />
            </section>
        </Show>

        <Show when=move || asking.get()>
            {move || {
                let name = group.with(|g| g.as_ref().map(|g| g.name.clone()).unwrap_or_default());
                let effect = match (count.pending().get(), count.value().get()) {
                    (false, Some(Ok(runners))) => format!(
                        "{runners} runner{} will move back to the Default group. Its access list goes with it.",
                        if runners == 1 { "" } else { "s" }
                    ),
                    (false, Some(Err(_))) => "Its runners could not be counted; they will move back to the Default group. Its access list goes with it.".to_string(),
                    _ => "Counting its runners…".to_string(),
                };
                view! {
                    <ConfirmDialog title=format!("Delete the group {name}?") confirm_label="Delete group" danger=true
                        ready=Signal::derive(move || !count.pending().get())
                        on_confirm=confirm_delete on_cancel=Callback::new(move |_| set_asking.set(false))>
                        <p data-testid="delete-group-effect">{effect}</p>
                    </ConfirmDialog>
                }
            }}
        </Show>
    }
}
