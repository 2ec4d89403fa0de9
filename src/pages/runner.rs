//! One runner: every field, its group, the label editor, moving it between groups, and deleting it.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::groups::scope_groups;
use super::use_scope;
use crate::components::{ConfirmDialog, ErrorBox, LabelChip, RemoveTokenPanel, StatusBadge};
use crate::fleet::{label_diff, parse_labels, validate_labels, Status};
use crate::github::models::{Runner, RunnerGroup};
use crate::github::request as ops;
use crate::github::{ApiError, Scope};
use crate::session::Session;

#[component]
pub fn RunnerPage() -> impl IntoView {
    let scope = use_scope();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok())));
    move || match (scope.get(), id.get()) {
        (Some(s), Some(id)) => view! { <RunnerView scope=s id=id/> }.into_any(),
        _ => view! { <p class="error" role="alert">"This address names no valid runner."</p> }.into_any(),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Dialog {
    None,
    Replace { current: Vec<String>, proposed: Vec<String> },
    RemoveAll { current: Vec<String> },
    Delete,
}


#[component]
fn RunnerView(scope: Scope, id: u64) -> impl IntoView {
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    let scope_sv = StoredValue::new(scope.clone());
    let runner_res = LocalResource::new(move || {
        let client = session.client_or_err();
        async move { client?.send(ops::get_runner(&scope_sv.get_value(), id)).await }
    });
    let groups_res = LocalResource::new(move || {
        let client = session.client_or_err();
        async move { scope_groups(&client?, &scope_sv.get_value()).await }
    });
    // The last good read, so a failed refresh never blanks the page.
    let runner = Memo::new(move |prev: Option<&Option<Runner>>| match runner_res.get() {
        Some(Ok(fresh)) => Some(fresh),
        _ => prev.cloned().flatten(),
    });
    let load_error = move || runner_res.get().and_then(Result::err);
    let groups = Signal::derive(move || groups_res.get().and_then(Result::ok).unwrap_or_default());
    let (message, set_message) = signal(None::<String>);
    let (op_error, set_op_error) = signal(None::<ApiError>);
    let (input_error, set_input_error) = signal(None::<String>);
    let (busy, set_busy) = signal(false);
    let dialog = RwSignal::new(Dialog::None);
    let (new_labels, set_new_labels) = signal(String::new());
    let (replace_text, set_replace_text) = signal(String::new());
    let (typed_name, set_typed_name) = signal(String::new());
    let (move_to, set_move_to) = signal(String::new());
    let (show_remove_token, set_show_remove_token) = signal(false);

    let custom = move || runner.with(|r| r.as_ref().map(|r| r.custom_labels().map(|l| l.name.clone()).collect::<Vec<_>>()).unwrap_or_default());
    let read_only = move || runner.with(|r| r.as_ref().map(|r| r.labels.iter().filter(|l| l.is_read_only()).map(|l| l.name.clone()).collect::<Vec<_>>()).unwrap_or_default());

    // Runs one write; on success shows `done` and re-reads the runner.
    let write = move |done: String, fut: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>>>>| {
        set_busy.set(true);
        set_op_error.set(None);
        set_message.set(None);
        leptos::task::spawn_local(async move {
            match fut.await {
                Ok(()) => set_message.set(Some(done)),
                Err(e) => set_op_error.set(Some(e)),
            }
            set_busy.set(false);
            runner_res.refetch();
            groups_res.refetch();
        });
    };

    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let labels = parse_labels(&new_labels.get_untracked());
        if labels.is_empty() {
            return set_input_error.set(Some("Type one or more labels, separated by commas.".into()));
        }
        if let Err(e) = validate_labels(&labels, &read_only()) {
            return set_input_error.set(Some(e));
        }
        set_input_error.set(None);
        let Some(client) = session.client() else { return };
        let scope = scope_sv.get_value();
        set_new_labels.set(String::new());
        let text = format!("Added {}.", labels.join(", "));
        write(text, Box::pin(async move { client.send(ops::add_custom_labels(&scope, id, &labels)).await.map(|_| ()) }));
    };
    let remove_one = Callback::new(move |name: String| {
        let Some(client) = session.client() else { return };
        let scope = scope_sv.get_value();
        write(format!("Removed {name}."), Box::pin(async move { client.send(ops::remove_custom_label(&scope, id, &name)).await.map(|_| ()) }));
    });
    // The replacement is diffed against a fresh read of the labels, not the page's copy.
    let preview_replace = move |_| {
        let proposed = parse_labels(&replace_text.get_untracked());
        if let Err(e) = validate_labels(&proposed, &read_only()) {
            return set_input_error.set(Some(e));
        }
        set_input_error.set(None);
        let Some(client) = session.client() else { return };
        let scope = scope_sv.get_value();
        leptos::task::spawn_local(async move {
            match client.send(ops::list_labels(&scope, id)).await {
                Ok(list) => {
                    let current = list.labels.iter().filter(|l| !l.is_read_only()).map(|l| l.name.clone()).collect();
                    dialog.set(Dialog::Replace { current, proposed });
                }
                Err(e) => set_op_error.set(Some(e)),
            }
        });
    };
    let confirm_dialog = move |_: ()| {
        let Some(client) = session.client() else { return };
        let scope = scope_sv.get_value();
        match dialog.get_untracked() {
            Dialog::Replace { proposed, .. } => {
                let text = if proposed.is_empty() { "Removed every custom label.".to_string() } else { format!("Custom labels are now: {}.", proposed.join(", ")) };
                set_replace_text.set(String::new());
                write(text, Box::pin(async move { client.send(ops::set_custom_labels(&scope, id, &proposed)).await.map(|_| ()) }));
            }
            Dialog::RemoveAll { .. } => {
                write("Removed every custom label.".into(), Box::pin(async move { client.send(ops::remove_all_custom_labels(&scope, id)).await.map(|_| ()) }));
            }
            Dialog::Delete => {
                let navigate = navigate.clone();
                set_busy.set(true);
                leptos::task::spawn_local(async move {
                    match client.send(ops::delete_runner(&scope, id)).await {
                        Ok(()) => navigate(&format!("{}/runners", scope.route()), Default::default()),
                        Err(e) => {
                            set_op_error.set(Some(e));
                            set_busy.set(false);
                        }
                    }
                });
            }
            Dialog::None => {}
        }
        dialog.set(Dialog::None);
    };
    let confirm_dialog = Callback::new(confirm_dialog);
    let move_group = move |_| {
        let Some(gid) = move_to.get_untracked().parse::<u64>().ok() else { return };
        let Some(client) = session.client() else { return };
        let scope = scope_sv.get_value();
        let name = groups.get_untracked().iter().find(|g| g.id == gid).map(|g| g.name.clone()).unwrap_or_default();
        write(format!("Moved to {name}."), Box::pin(async move { client.send(ops::add_group_runner(&scope, gid, id)).await }));
    };
    let leave_group = move |_| {
        let Some(gid) = runner.with_untracked(|r| r.as_ref().and_then(|r| r.runner_group_id)) else { return };
        let Some(client) = session.client() else { return };
        let scope = scope_sv.get_value();
        write(
            "Removed from its group: it is back in the Default group.".into(),
            Box::pin(async move { client.send(ops::remove_group_runner(&scope, gid, id)).await }),
        );
    };

    let group_of = move |r: &Runner, groups: &[RunnerGroup]| r.runner_group_id.and_then(|g| groups.iter().find(|x| x.id == g).cloned());
    let show_groups = scope.has_groups();

    view! {
        <section class="panel runner-page" data-testid="runner-page">
            <p><A href=format!("{}/runners", scope.route())>"← All runners"</A></p>
            {move || load_error().map(|e| view! { <ErrorBox error=e scope=scope_sv.get_value() /> })}
            {move || (runner.with(Option::is_none) && load_error().is_none()).then(|| view! { <p class="hint">"Loading…"</p> })}
            {move || runner.get().map(|r| {
                let group = group_of(&r, &groups.get());
                let status = Status::of(&r);
                view! {
                    <h1 data-testid="runner-title" dir="auto">{r.name.clone()}</h1>
                    <dl class="facts" data-testid="runner-facts">
                        <dt>"ID"</dt><dd>{r.id}</dd>
                        <dt>"Status"</dt><dd data-testid="runner-status"><StatusBadge status=status /></dd>
                        <dt>"OS"</dt><dd>{r.os.clone()}</dd>
                        <dt>"Ephemeral"</dt><dd>{match r.ephemeral { Some(true) => "yes", Some(false) => "no", None => "not reported" }}</dd>
                        <dt>"Runner version"</dt><dd>{r.version.clone().unwrap_or_else(|| "not reported (never connected)".into())}</dd>
                        {show_groups.then(|| view! {
                            <dt>"Runner group"</dt>
                            <dd data-testid="runner-group">
                                {match group.clone() {
                                    Some(g) => view! { <A href=format!("{}/runner-groups/{}", scope_sv.with_value(Scope::route), g.id)>{g.name.clone()}</A> }.into_any(),
                                    None => view! { <span>{r.runner_group_id.map(|g| format!("group {g}")).unwrap_or_else(|| "none".into())}</span> }.into_any(),
                                }}
                            </dd>
                        })}
                    </dl>
                }
            })}
            {move || message.get().map(|m| view! { <p class="ok" role="status" data-testid="op-message">{m}</p> })}
            {move || op_error.get().map(|e| view! { <ErrorBox error=e scope=scope_sv.get_value() /> })}
        </section>

        <Show when=move || runner.with(Option::is_some)>
        <section class="panel" data-testid="label-editor">
            <h2>"Labels"</h2>
            <div class="chips" data-testid="labels">
                {move || runner.get().map(|r| r.labels.into_iter().map(|l| view! { <LabelChip label=l on_remove=remove_one /> }).collect_view())}
            </div>
            <p class="hint" data-testid="read-only-note">
                "Read-only labels (self-hosted, the OS and the architecture) are set by the runner application itself; GitHub does not let them be changed or removed."
            </p>
            <form class="inline-form" on:submit=add>
                <label>
                    "Add custom labels"
                    <input type="text" data-testid="add-labels" placeholder="gpu, large" prop:value=new_labels on:input:target=move |ev| set_new_labels.set(ev.target().value()) />
                </label>
                <button type="submit" data-testid="add-labels-submit" disabled=busy>"Add"</button>
            </form>
            <div class="inline-form">
                <label>
                    "Replace all custom labels with"
                    <input type="text" data-testid="replace-labels" placeholder="comma-separated; empty clears them" prop:value=replace_text on:input:target=move |ev| set_replace_text.set(ev.target().value()) />
                </label>
                <button type="button" data-testid="replace-labels-preview" on:click=preview_replace disabled=busy>"Review replacement…"</button>
                <button type="button" class="danger" data-testid="remove-all-labels" disabled=move || busy.get() || custom().is_empty()
                    on:click=move |_| dialog.set(Dialog::RemoveAll { current: custom() })>"Remove all custom labels…"</button>
            </div>
            {move || input_error.get().map(|e| view! { <p class="error" role="alert" data-testid="label-error">{e}</p> })}
        </section>

        {show_groups.then(|| view! {
            <section class="panel" data-testid="group-mover">
                <h2>"Runner group"</h2>
                <div class="inline-form">
                    <label>
                        "Move to"
                        <select data-testid="move-group" prop:value=move_to on:change:target=move |ev| set_move_to.set(ev.target().value())>
                            <option value="">"Choose a group"</option>
                            {move || groups.get().into_iter().filter(|g| !g.is_inherited()).map(|g| view! { <option value=g.id.to_string()>{g.name.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                    <button type="button" data-testid="move-group-submit" on:click=move_group disabled=move || busy.get() || move_to.get().is_empty()>"Move"</button>
                    <button type="button" data-testid="leave-group" on:click=leave_group
                        disabled=move || busy.get() || runner.with(|r| r.as_ref().map(|r| group_of(r, &groups.get()).is_none_or(|g| g.default)).unwrap_or(true))>
                        "Remove from group"
                    </button>
                </div>
                <p class="hint">"A runner is in exactly one group. Removing it from its group puts it back in the Default group."</p>
            </section>
        })}

        <section class="panel danger-zone">
            <h2>"Remove this runner"</h2>
            <p>"Gentler: unregister it from its machine with a remove token, which also cleans up the runner's configuration there."</p>
            <button type="button" data-testid="show-remove-token" on:click=move |_| set_show_remove_token.set(true)>"Use a remove token…"</button>
            <Show when=move || show_remove_token.get()>
                <RemoveTokenPanel scope=scope_sv.get_value() />
            </Show>
            <p>"Or force-remove it from GitHub now. A runner that is still running a job cannot be deleted."</p>
            <button type="button" class="danger" data-testid="delete-runner" disabled=busy on:click=move |_| { set_typed_name.set(String::new()); dialog.set(Dialog::Delete) }>
                "Delete runner…"
            </button>
        </section>
        </Show>

        {move || {
            let name = runner.with(|r| r.as_ref().map(|r| r.name.clone()).unwrap_or_default());
            match dialog.get() {
                Dialog::None => None,
                Dialog::Replace { current, proposed } => {
                    let (kept, added, removed) = label_diff(&current, &proposed);
                    let unchanged = added.is_empty() && removed.is_empty();
                    Some(view! {
                        <ConfirmDialog title="Replace all custom labels?" confirm_label="Replace labels" ready=Signal::derive(move || !unchanged)
                            on_confirm=confirm_dialog on_cancel=Callback::new(move |_| dialog.set(Dialog::None))>
                            <p class="hint">"Compared with the labels GitHub has right now:"</p>
                            <ul class="diff" data-testid="label-diff">
                                {added.into_iter().map(|l| view! { <li class="diff-add" data-testid="diff-added">"+ "{l}</li> }).collect_view()}
                                {removed.into_iter().map(|l| view! { <li class="diff-remove" data-testid="diff-removed">"− "{l}</li> }).collect_view()}
                                {kept.into_iter().map(|l| view! { <li class="diff-keep" data-testid="diff-kept">"  "{l}</li> }).collect_view()}
                            </ul>
                            {unchanged.then(|| view! { <p class="hint">"Nothing would change."</p> })}
                        </ConfirmDialog>
                    }.into_any())
                }
                Dialog::RemoveAll { current } => Some(view! {
                    <ConfirmDialog title=format!("Remove all {} custom labels?", current.len()) confirm_label="Remove all" danger=true
                        on_confirm=confirm_dialog on_cancel=Callback::new(move |_| dialog.set(Dialog::None))>
                        <ul class="diff">{current.into_iter().map(|l| view! { <li class="diff-remove">"− "{l}</li> }).collect_view()}</ul>
                        <p class="hint">"Read-only labels stay."</p>
                    </ConfirmDialog>
                }.into_any()),
                Dialog::Delete => {
                    let expected = name.clone();
                    Some(view! {
                        <ConfirmDialog title=format!("Delete runner {name}?") confirm_label="Delete runner" danger=true
                            ready=Signal::derive(move || typed_name.get() == expected)
                            on_confirm=confirm_dialog on_cancel=Callback::new(move |_| dialog.set(Dialog::None))>
                            <p>"This force-removes the runner from GitHub. Its machine keeps its files; a remove token is the cleaner way."</p>
                            <label>
                                "Type the runner's name to confirm"
                                <input type="text" data-testid="confirm-name" prop:value=typed_name on:input:target=move |ev| set_typed_name.set(ev.target().value()) />
                            </label>
                        </ConfirmDialog>
                    }.into_any())
                }
            }
        }}
    }
}
