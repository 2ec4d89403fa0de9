//! One runner group: its settings (PATCHed field by field), its access list and its runners, each
//! editable one at a time or replaced wholesale through a reviewed diff; and deleting it.
use std::collections::{BTreeMap, BTreeSet};

use futures::stream::{self, StreamExt};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::groups::{access_candidates, runner_candidates, scope_groups};
use super::use_scope;
use crate::components::{ConfirmDialog, ErrorBox, GroupFieldState, GroupFields, LabelChip, PickItem, Picker, ProgressBar, StatusBadge};
use crate::fleet::Status;
use crate::github::models::{Runner, RunnerGroup, Visibility};
use crate::github::request as ops;
use crate::github::{ApiError, Client, Scope};
use crate::groups::{group_update, is_empty_update, restriction, set_diff, visibility_label, GroupDraft};
use crate::session::Session;

#[component]
pub fn GroupPage() -> impl IntoView {
    let scope = use_scope();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok())));
    move || match (scope.get(), id.get()) {
        (Some(s), Some(id)) if s.has_groups() => view! { <GroupView scope=s id=id/> }.into_any(),
        _ => view! { <p class="error" role="alert">"This address names no valid runner group."</p> }.into_any(),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Dialog {
    None,
    Delete { runners: u64 },
}

#[component]
fn GroupView(scope: Scope, id: u64) -> impl IntoView {
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    let enterprise = matches!(scope, Scope::Enterprise { .. });
    let scope_sv = StoredValue::new(scope.clone());
    let group_res = LocalResource::new(move || {
        let client = session.client_or_err();
        async move { client?.send(ops::get_runner_group(&scope_sv.get_value(), id)).await }
    });
    let group = Memo::new(move |prev: Option<&Option<RunnerGroup>>| match group_res.get() {
        Some(Ok(g)) => Some(g),
        _ => prev.cloned().flatten(),
    });
    let load_error = move || group_res.get().and_then(Result::err);
    let all_groups = LocalResource::new(move || {
        let client = session.client_or_err();
        async move { scope_groups(&client?, &scope_sv.get_value()).await }
    });
    let groups = Signal::derive(move || all_groups.get().and_then(Result::ok).unwrap_or_default());
    let inherited = move || group.with(|g| g.as_ref().is_some_and(RunnerGroup::is_inherited));
    let is_default = move || group.with(|g| g.as_ref().is_some_and(|g| g.default));
    let selected_visibility = move || group.with(|g| g.as_ref().is_some_and(|g| g.visibility == Visibility::Selected));

    // ---- settings ----
    let fields = GroupFieldState::new();
    let (editing, set_editing) = signal(false);
    let (form_error, set_form_error) = signal(None::<String>);
    let (message, set_message) = signal(None::<String>);
    let (op_error, set_op_error) = signal(None::<ApiError>);
    let (saving, set_saving) = signal(false);
    let start_edit = move |_| {
        if let Some(g) = group.get_untracked() {
            fields.load(&g);
            set_form_error.set(None);
            set_editing.set(true);
        }
    };
    let patch = move |update: crate::github::models::GroupUpdate, done: String| {
        let Some(client) = session.client() else { return };
        set_saving.set(true);
        set_op_error.set(None);
        set_message.set(None);
        leptos::task::spawn_local(async move {
            match client.send(ops::update_runner_group(&scope_sv.get_value(), id, &update)).await {
                Ok(_) => {
                    set_message.set(Some(done));
                    set_editing.set(false);
                }
                Err(e) => set_op_error.set(Some(e)),
            }
            set_saving.set(false);
            group_res.refetch();
            all_groups.refetch();
        });
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
        patch(update, "Saved.".into());
    };

    // ---- delete ----
    let dialog = RwSignal::new(Dialog::None);
    let ask_delete = move |_| {
        let Some(client) = session.client() else { return };
        leptos::task::spawn_local(async move {
            match client.send(ops::list_group_runners(&scope_sv.get_value(), id, 1)).await {
                Ok(l) => dialog.set(Dialog::Delete { runners: l.total_count }),
                Err(e) => set_op_error.set(Some(e)),
            }
        });
    };
    let confirm_delete = Callback::new(move |_: ()| {
        dialog.set(Dialog::None);
        let Some(client) = session.client() else { return };
        let navigate = navigate.clone();
        set_saving.set(true);
        leptos::task::spawn_local(async move {
            let scope = scope_sv.get_value();
            match client.send(ops::delete_runner_group(&scope, id)).await {
                Ok(()) => navigate(&format!("{}/runner-groups", scope.route()), Default::default()),
                Err(e) => {
                    set_op_error.set(Some(e));
                    set_saving.set(false);
                    group_res.refetch();
                }
            }
        });
    });

    let changed = Callback::new(move |_: ()| {
        group_res.refetch();
        all_groups.refetch();
    });

    view! {
        <section class="panel" data-testid="group-page">
            <p><A href=format!("{}/runner-groups", scope.route())>"← All runner groups"</A></p>
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
                        {if g.restricted_to_workflows == Some(true) { g.selected_workflows.join(", ") } else { "any workflow".to_string() }}
                    </dd>
                </dl>
            })}
            {move || message.get().map(|m| view! { <p class="ok" role="status" data-testid="group-message">{m}</p> })}
            {move || op_error.get().map(|e| view! { <ErrorBox error=e scope=scope_sv.get_value() /> })}
            <Show when=move || group.with(Option::is_some) && !inherited() && !editing.get()>
                <div class="inline-form">
                    <button type="button" data-testid="group-edit" on:click=start_edit>"Edit settings"</button>
                    <Show when=move || !is_default()>
                        <button type="button" class="danger" data-testid="group-delete" on:click=ask_delete disabled=saving>"Delete group…"</button>
                    </Show>
                </div>
            </Show>
            <Show when=move || editing.get()>
                <form on:submit=save data-testid="group-edit-form">
                    <GroupFields state=fields enterprise=enterprise name_locked=Signal::derive(is_default) />
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
                                on:click=move |_| patch(crate::github::models::GroupUpdate { visibility: Some(Visibility::Selected), ..Default::default() }, "Visibility is now “selected”: choose who has access below.".into())>
                                {if enterprise { "Switch to selected organizations" } else { "Switch to selected repositories" }}
                            </button>
                        </Show>
                    }
                >
                    <MemberSection scope=scope_sv.get_value() group_id=id kind=Kind::Access read_only=Signal::derive(inherited) groups=groups on_changed=changed />
                </Show>
            </section>
            <section class="panel" data-testid="runners-section">
                <h2>"Runners in this group"</h2>
                <MemberSection scope=scope_sv.get_value() group_id=id kind=Kind::Runners read_only=Signal::derive(inherited) groups=groups on_changed=changed />
            </section>
        </Show>

        {move || match dialog.get() {
            Dialog::None => None,
            Dialog::Delete { runners } => {
                let name = group.with(|g| g.as_ref().map(|g| g.name.clone()).unwrap_or_default());
                Some(view! {
                    <ConfirmDialog title=format!("Delete the group {name}?") confirm_label="Delete group" danger=true
                        on_confirm=confirm_delete on_cancel=Callback::new(move |_| dialog.set(Dialog::None))>
                        <p data-testid="delete-group-effect">{format!(
                            "{runners} runner{} will move back to the Default group. Its access list goes with it.",
                            if runners == 1 { "" } else { "s" }
                        )}</p>
                    </ConfirmDialog>
                })
            }
        }}
    }
}

/// Members listed at once; a search narrows the rest.
const MEMBERS_SHOWN: usize = 300;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Access,
    Runners,
}

#[derive(Clone, Debug, PartialEq)]
struct Member {
    id: u64,
    name: String,
    detail: String,
    runner: Option<Runner>,
}

async fn members(client: &Client, scope: &Scope, group: u64, kind: Kind) -> Result<Vec<Member>, ApiError> {
    Ok(match (kind, scope) {
        (Kind::Access, Scope::Enterprise { .. }) => client
            .all_org_access(scope, group)
            .await?
            .items
            .into_iter()
            .map(|o| Member { id: o.id, name: o.login, detail: o.description.unwrap_or_default(), runner: None })
            .collect(),
        (Kind::Access, _) => client
            .all_repo_access(scope, group)
            .await?
            .items
            .into_iter()
            .map(|r| Member { id: r.id, name: r.name, detail: r.visibility.unwrap_or_default(), runner: None })
            .collect(),
        (Kind::Runners, _) => client
            .all_group_runners(scope, group)
            .await?
            .items
            .into_iter()
            .map(|r| Member { id: r.id, name: r.name.clone(), detail: Status::of(&r).label().into(), runner: Some(r) })
            .collect(),
    })
}

async fn add_one(client: &Client, scope: &Scope, group: u64, kind: Kind, id: u64) -> Result<(), ApiError> {
    match kind {
        Kind::Access => client.send(ops::add_group_access(scope, group, id)).await,
        Kind::Runners => client.send(ops::add_group_runner(scope, group, id)).await,
    }
}

async fn remove_one(client: &Client, scope: &Scope, group: u64, kind: Kind, id: u64) -> Result<(), ApiError> {
    match kind {
        Kind::Access => client.send(ops::remove_group_access(scope, group, id)).await,
        Kind::Runners => client.send(ops::remove_group_runner(scope, group, id)).await,
    }
}

async fn set_all(client: &Client, scope: &Scope, group: u64, kind: Kind, ids: &[u64]) -> Result<(), ApiError> {
    match kind {
        Kind::Access => client.send(ops::set_group_access(scope, group, ids)).await,
        Kind::Runners => client.send(ops::set_group_runners(scope, group, ids)).await,
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Idle,
    Adding,
    Replacing,
    /// The reviewed diff; `base` is the list as read just before the review.
    Review { base: BTreeSet<u64>, desired: BTreeSet<u64>, stale: bool },
    Running { done: u32, total: u32 },
    Report { title: String, failed: Vec<(String, String)> },
}

#[component]
fn MemberSection(scope: Scope, group_id: u64, kind: Kind, #[prop(into)] read_only: Signal<bool>, #[prop(into)] groups: Signal<Vec<RunnerGroup>>, on_changed: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let scope_sv = StoredValue::new(scope);
    let list = LocalResource::new(move || {
        let client = session.client_or_err();
        async move { members(&client?, &scope_sv.get_value(), group_id, kind).await }
    });
    let current = Memo::new(move |prev: Option<&Vec<Member>>| match list.get() {
        Some(Ok(m)) => m,
        _ => prev.cloned().unwrap_or_default(),
    });
    let candidates = LocalResource::new(move || {
        let client = session.client_or_err();
        let groups = groups.get();
        async move {
            let client = client?;
            let scope = scope_sv.get_value();
            match kind {
                Kind::Access => access_candidates(&client, &scope).await,
                Kind::Runners => runner_candidates(&client, &scope, &groups).await,
            }
        }
    });
    let names = move || {
        let mut map: BTreeMap<u64, String> = candidates.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| (c.id, c.name)).collect();
        for m in current.get() {
            map.insert(m.id, m.name);
        }
        map
    };
    let step = RwSignal::new(Step::Idle);
    let picked = RwSignal::new(BTreeSet::<u64>::new());
    let marked = RwSignal::new(BTreeSet::<u64>::new());
    let (error, set_error) = signal(None::<ApiError>);
    let (noun, nouns) = match kind {
        Kind::Access if matches!(scope_sv.get_value(), Scope::Enterprise { .. }) => ("organization", "organizations"),
        Kind::Access => ("repository", "repositories"),
        Kind::Runners => ("runner", "runners"),
    };

    let refresh = move || {
        list.refetch();
        candidates.refetch();
        on_changed.run(());
    };
    // One request per item, four at a time, then a report naming each failure.
    let run_each = move |ids: Vec<u64>, adding: bool, title: String| {
        let Some(client) = session.client() else { return };
        let names = names();
        let total = ids.len() as u32;
        step.set(Step::Running { done: 0, total });
        leptos::task::spawn_local(async move {
            let scope = scope_sv.get_value();
            let mut results = stream::iter(ids)
                .map(|id| {
                    let (client, scope) = (client.clone(), scope.clone());
                    async move {
                        let r = if adding { add_one(&client, &scope, group_id, kind, id).await } else { remove_one(&client, &scope, group_id, kind, id).await };
                        (id, r)
                    }
                })
                .buffer_unordered(4);
            let (mut done, mut ok, mut failed) = (0, 0, Vec::new());
            while let Some((id, r)) = results.next().await {
                done += 1;
                match r {
                    Ok(()) => ok += 1,
                    Err(e) => failed.push((names.get(&id).cloned().unwrap_or_else(|| id.to_string()), e.to_string())),
                }
                step.set(Step::Running { done, total });
            }
            drop(results);
            step.set(Step::Report { title: format!("{title}: {ok} done, {} failed", failed.len()), failed });
            picked.set(BTreeSet::new());
            marked.set(BTreeSet::new());
            refresh();
        });
    };
    // The replacement is reviewed against a fresh read, and read once more before it is sent.
    let review = move |desired: BTreeSet<u64>| {
        let Some(client) = session.client() else { return };
        leptos::task::spawn_local(async move {
            match members(&client, &scope_sv.get_value(), group_id, kind).await {
                Ok(m) => step.set(Step::Review { base: m.iter().map(|x| x.id).collect(), desired, stale: false }),
                Err(e) => set_error.set(Some(e)),
            }
        });
    };
    let apply_replace = Callback::new(move |_: ()| {
        let Step::Review { base, desired, .. } = step.get_untracked() else { return };
        let Some(client) = session.client() else { return };
        leptos::task::spawn_local(async move {
            let scope = scope_sv.get_value();
            let now: BTreeSet<u64> = match members(&client, &scope, group_id, kind).await {
                Ok(m) => m.iter().map(|x| x.id).collect(),
                Err(e) => return set_error.set(Some(e)),
            };
            if now != base {
                // Someone changed the list meanwhile: show the diff against what is there now.
                step.set(Step::Review { base: now, desired, stale: true });
                list.refetch();
                return;
            }
            let ids: Vec<u64> = desired.iter().copied().collect();
            step.set(Step::Running { done: 0, total: 1 });
            let result = set_all(&client, &scope, group_id, kind, &ids).await;
            step.set(match result {
                Ok(()) => Step::Report { title: "Replaced the list".into(), failed: vec![] },
                Err(e) => Step::Report { title: "The list was not replaced".into(), failed: vec![("the whole list".into(), e.to_string())] },
            });
            refresh();
        });
    });

    let member_ids = move || current.with(|m| m.iter().map(|x| x.id).collect::<BTreeSet<u64>>());
    // A group can hold thousands of runners: show a searchable window of them, not thousands of rows.
    let (search, set_search) = signal(String::new());
    let shown = move || {
        let q = search.get().to_lowercase();
        current.with(|m| m.iter().filter(|x| q.is_empty() || x.name.to_lowercase().contains(&q)).take(MEMBERS_SHOWN).cloned().collect::<Vec<_>>())
    };
    let hidden = move || {
        let q = search.get().to_lowercase();
        current.with(|m| m.iter().filter(|x| q.is_empty() || x.name.to_lowercase().contains(&q)).count()).saturating_sub(MEMBERS_SHOWN)
    };
    let addable = Signal::derive(move || {
        let ids = member_ids();
        candidates.get().and_then(Result::ok).unwrap_or_default().into_iter().filter(|c| !ids.contains(&c.id)).collect::<Vec<_>>()
    });
    let all_items = Signal::derive(move || {
        let mut items = candidates.get().and_then(Result::ok).unwrap_or_default();
        for m in current.get() {
            if !items.iter().any(|i| i.id == m.id) {
                items.push(PickItem { id: m.id, name: m.name, detail: m.detail });
            }
        }
        items
    });
    let tid = match kind {
        Kind::Access => "access",
        Kind::Runners => "members",
    };

    view! {
        <div data-testid=format!("{tid}-list-section")>
            {move || list.get().and_then(Result::err).map(|e| view! { <ErrorBox error=e scope=scope_sv.get_value() /> })}
            {move || error.get().map(|e| view! { <ErrorBox error=e scope=scope_sv.get_value() /> })}
            <p class="hint" data-testid=format!("{tid}-count")>{move || { let n = current.with(Vec::len); format!("{n} {}", if n == 1 { noun } else { nouns }) }}</p>
            <Show when=move || { current.with(Vec::len) > 10 }>
                <input type="search" class="short-text" placeholder="Search by name" aria-label=format!("Search the {nouns}") data-testid=format!("{tid}-search")
                    prop:value=search on:input:target=move |ev| set_search.set(ev.target().value()) />
            </Show>
            <ul class="members" data-testid=format!("{tid}-members")>
                <For each=shown key=|m| format!("{}|{}|{}", m.id, m.name, m.detail) let:m>
                    {
                        let id = m.id;
                        let runner = m.runner.clone();
                        let aria = format!("Select {}", m.name);
                        view! {
                            <li data-testid=format!("{tid}-member") data-name=m.name.clone()>
                                <Show when=move || !read_only.get()>
                                    <input type="checkbox" aria-label=aria.clone() prop:checked=move || marked.with(|s| s.contains(&id))
                                        on:change=move |ev| { let on = event_target_checked(&ev); marked.update(|s| { if on { s.insert(id); } else { s.remove(&id); } }); } />
                                </Show>
                                <bdi class="member-name">{m.name.clone()}</bdi>
                                {match runner {
                                    Some(r) => view! {
                                        <StatusBadge status=Status::of(&r) />
                                        <span class="chips-inline">{r.labels.into_iter().map(|l| view! { <LabelChip label=l /> }).collect_view()}</span>
                                    }.into_any(),
                                    None => view! { <span class="hint">{m.detail.clone()}</span> }.into_any(),
                                }}
                            </li>
                        }
                    }
                </For>
            </ul>
            {move || (hidden() > 0).then(|| view! { <p class="hint">{format!("{} more: search to narrow the list.", hidden())}</p> })}
            <Show when=move || !read_only.get()>
                <div class="inline-form">
                    <button type="button" data-testid=format!("{tid}-remove") disabled=move || marked.with(BTreeSet::is_empty)
                        on:click=move |_| {
                            let ids: Vec<u64> = marked.get_untracked().into_iter().collect();
                            let title = if kind == Kind::Runners { "Removed from the group (they are back in the Default group)" } else { "Took away access" };
                            run_each(ids, false, title.to_string());
                        }>
                        {if kind == Kind::Runners { "Remove selected from group" } else { "Remove selected" }}
                    </button>
                    <button type="button" data-testid=format!("{tid}-add") on:click=move |_| { picked.set(BTreeSet::new()); step.set(Step::Adding) }>{format!("Add {nouns}…")}</button>
                    <button type="button" data-testid=format!("{tid}-replace") on:click=move |_| { picked.set(member_ids()); step.set(Step::Replacing) }>"Replace the whole list…"</button>
                </div>
                {(kind == Kind::Runners).then(|| view! { <p class="hint">"Removing runners puts them back in the Default group. Adding a runner moves it out of its current group."</p> })}
            </Show>
            {move || match step.get() {
                Step::Idle => None,
                Step::Adding => Some(view! {
                    <div class="panel inset">
                        <Picker items=addable selected=picked label=format!("Choose {nouns} to add") testid="add-picker" />
                        <div class="inline-form">
                            <button type="button" class="primary" data-testid=format!("{tid}-add-confirm") disabled=move || picked.with(BTreeSet::is_empty)
                                on:click=move |_| run_each(picked.get_untracked().into_iter().collect(), true, "Added".into())>
                                {move || format!("Add {}", picked.with(BTreeSet::len))}
                            </button>
                            <button type="button" on:click=move |_| step.set(Step::Idle)>"Cancel"</button>
                        </div>
                    </div>
                }.into_any()),
                Step::Replacing => Some(view! {
                    <div class="panel inset">
                        <Picker items=all_items selected=picked label="The whole list should be" testid="replace-picker" />
                        <div class="inline-form">
                            <button type="button" class="primary" data-testid=format!("{tid}-review") on:click=move |_| review(picked.get_untracked())>"Review changes…"</button>
                            <button type="button" on:click=move |_| step.set(Step::Idle)>"Cancel"</button>
                        </div>
                    </div>
                }.into_any()),
                Step::Review { base, desired, stale } => {
                    let names = names();
                    let name = move |id: &u64| names.get(id).cloned().unwrap_or_else(|| format!("id {id}"));
                    let (gain, lose) = set_diff(&base, &desired);
                    let nothing = gain.is_empty() && lose.is_empty();
                    Some(view! {
                        <ConfirmDialog title="Replace the whole list?" confirm_label="Replace list" ready=Signal::derive(move || !nothing)
                            on_confirm=apply_replace on_cancel=Callback::new(move |_| step.set(Step::Idle))>
                            {stale.then(|| view! { <p class="warning" data-testid="review-stale">"The list changed since you reviewed it. This is the difference from the list as it is now; review it again."</p> })}
                            <ul class="diff" data-testid="set-diff">
                                {gain.iter().map(|id| view! { <li class="diff-add" data-testid="diff-gain">"+ "{name(id)}</li> }).collect_view()}
                                {lose.iter().map(|id| view! { <li class="diff-remove" data-testid="diff-lose">"− "{name(id)}</li> }).collect_view()}
                            </ul>
                            {nothing.then(|| view! { <p class="hint">"Nothing would change."</p> })}
                            {(kind == Kind::Runners && !lose.is_empty()).then(|| view! { <p class="hint">"Runners taken out go back to the Default group."</p> })}
                        </ConfirmDialog>
                    }.into_any())
                }
                Step::Running { done, total } => Some(view! {
                    <ProgressBar done=Signal::derive(move || done) total=Signal::derive(move || total) unit=nouns.to_string() />
                }.into_any()),
                Step::Report { title, failed } => Some(view! {
                    <div class="panel inset report" role="status" data-testid=format!("{tid}-report")>
                        <p><strong>{title}</strong></p>
                        {(!failed.is_empty()).then(|| view! {
                            <ul data-testid=format!("{tid}-failures")>{failed.into_iter().map(|(n, why)| view! { <li><strong>{n}</strong>": "{why}</li> }).collect_view()}</ul>
                        })}
                        <button type="button" on:click=move |_| step.set(Step::Idle)>"Dismiss"</button>
                    </div>
                }.into_any()),
            }}
        </div>
    }
}
