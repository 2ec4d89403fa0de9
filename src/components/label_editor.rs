//! A runner's labels: add, remove one (confirmed), replace all through a diff against a fresh read,
//! or remove all. Read-only labels are shown and protected.
use leptos::prelude::*;

use super::{ConfirmDialog, LabelChip};
use crate::data::{PageApi, Write, WriteAction, WriteOp};
use crate::fleet::{label_diff, parse_labels, validate_labels};
use crate::github::models::Runner;
use crate::github::request as ops;
use crate::github::Scope;

#[derive(Clone, Debug, PartialEq)]
enum Dialog {
    None,
    RemoveOne(String),
    Replace(Vec<String>),
    RemoveAll(Vec<String>),
}

#[component]
pub fn LabelEditor(scope: Scope, #[prop(into)] runner: Signal<Option<Runner>>, write: WriteAction, api: PageApi) -> impl IntoView {
    let scope = StoredValue::new(scope);
    let (new_labels, set_new_labels) = signal(String::new());
    let (replace_text, set_replace_text) = signal(String::new());
    let (input_error, set_input_error) = signal(None::<String>);
    // A new problem replaces the last write's message, which would otherwise stand beside it.
    let fail = move |e: String| {
        write.value().set(None);
        set_input_error.set(Some(e));
    };
    let dialog = RwSignal::new(Dialog::None);
    let busy = write.pending();
    let id = move || runner.with_untracked(|r| r.as_ref().map(|r| (r.id, r.name.clone())));
    let custom = move || runner.with(|r| r.as_ref().map(|r| r.custom_labels().map(|l| l.name.clone()).collect::<Vec<_>>()).unwrap_or_default());
    let read_only = move || runner.with_untracked(|r| r.as_ref().map(|r| r.labels.iter().filter(|l| l.is_read_only()).map(|l| l.name.clone()).collect::<Vec<_>>()).unwrap_or_default());
    let send = move |w: Write, done: String| {
        if let Some((_, name)) = id() {
            write.dispatch((WriteOp::new(&scope.get_value(), w, name), done));
        }
    };
    // The replacement is diffed against the labels GitHub has now, read when the dialog opens.
    let fresh = Action::new_local(move |_: &()| {
        let client = api.client_untracked();
        let call = id().map(|(runner, _)| ops::list_labels(&scope.get_value(), runner));
        async move {
            let list = client?.send(call.ok_or(crate::github::ApiError::NotConnected)?).await?;
            Ok::<Vec<String>, crate::github::ApiError>(list.labels.iter().filter(|l| !l.is_read_only()).map(|l| l.name.clone()).collect())
        }
    });

    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let labels = parse_labels(&new_labels.get_untracked());
        if labels.is_empty() {
            return fail("Type one or more labels, separated by commas.".into());
        }
        if let Err(e) = validate_labels(&labels, &read_only()) {
            return fail(e);
        }
        let current = custom();
        let (fresh_ones, already): (Vec<String>, Vec<String>) = labels.iter().cloned().partition(|l| !current.iter().any(|c| c.eq_ignore_ascii_case(l)));
        set_input_error.set(None);
        set_new_labels.set(String::new());
        let mut done = if fresh_ones.is_empty() { "Nothing to add".to_string() } else { format!("Added {}", fresh_ones.join(", ")) };
        if !already.is_empty() {
            done.push_str(&format!(" ({} already there)", already.join(", ")));
        }
        send(Write::AddLabels { runner: id().map_or(0, |x| x.0), labels }, done + ".");
    };
    let preview = move |_| {
        let proposed = parse_labels(&replace_text.get_untracked());
        if let Err(e) = validate_labels(&proposed, &read_only()) {
            return fail(e);
        }
        set_input_error.set(None);
        fresh.dispatch(());
        dialog.set(Dialog::Replace(proposed));
    };
    let confirm = Callback::new(move |_: ()| {
        let Some((runner, _)) = id() else { return };
        match dialog.get_untracked() {
            Dialog::RemoveOne(label) => send(Write::RemoveLabel { runner, label: label.clone() }, format!("Removed {label}.")),
            Dialog::Replace(proposed) => {
                let text = if proposed.is_empty() { "Removed every custom label.".to_string() } else { format!("Custom labels are now: {}.", proposed.join(", ")) };
                set_replace_text.set(String::new());
                send(Write::SetLabels { runner, labels: proposed }, text);
            }
            Dialog::RemoveAll(_) => send(Write::RemoveAllLabels { runner }, "Removed every custom label.".into()),
            Dialog::None => {}
        }
        dialog.set(Dialog::None);
    });
    let cancel = Callback::new(move |_| dialog.set(Dialog::None));

    view! {
        <section class="panel" data-testid="label-editor">
            <h2>"Labels"</h2>
            <div class="chips" data-testid="labels">
                {move || runner.get().map(|r| r.labels.into_iter().map(|l| view! { <LabelChip label=l on_remove=Callback::new(move |name: String| dialog.set(Dialog::RemoveOne(name))) /> }).collect_view())}
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
                <button type="button" data-testid="replace-labels-preview" on:click=preview disabled=busy>"Review replacement…"</button>
                <button type="button" class="danger" data-testid="remove-all-labels" disabled=move || busy.get() || custom().is_empty()
                    on:click=move |_| dialog.set(Dialog::RemoveAll(custom()))>"Remove all custom labels…"</button>
            </div>
            {move || input_error.get().map(|e| view! { <p class="error" role="alert" data-testid="label-error">{e}</p> })}
        </section>
        {move || match dialog.get() {
            Dialog::None => None,
            Dialog::RemoveOne(label) => Some(view! {
                <ConfirmDialog title=format!("Remove the label {label}?") confirm_label="Remove label" danger=true on_confirm=confirm on_cancel=cancel>
                    <p>"Jobs that ask for this label will no longer be routed to this runner."</p>
                </ConfirmDialog>
            }.into_any()),
            Dialog::Replace(proposed) => Some(view! {
                <ConfirmDialog title="Replace all custom labels?" confirm_label="Replace labels"
                    ready=Signal::derive(move || matches!(fresh.value().get(), Some(Ok(_))) && !fresh.pending().get())
                    on_confirm=confirm on_cancel=cancel>
                    {move || match fresh.value().get().filter(|_| !fresh.pending().get()) {
                        None => view! { <p class="hint">"Reading the labels GitHub has now…"</p> }.into_any(),
                        Some(Err(e)) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Some(Ok(current)) => {
                            let (kept, added, removed) = label_diff(&current, &proposed);
                            let unchanged = added.is_empty() && removed.is_empty();
                            view! {
                                <p class="hint">"Compared with the labels GitHub has right now:"</p>
                                <ul class="diff" data-testid="label-diff">
                                    {added.into_iter().map(|l| view! { <li class="diff-add" data-testid="diff-added">"+ "{l}</li> }).collect_view()}
                                    {removed.into_iter().map(|l| view! { <li class="diff-remove" data-testid="diff-removed">"− "{l}</li> }).collect_view()}
                                    {kept.into_iter().map(|l| view! { <li class="diff-keep" data-testid="diff-kept">"  "{l}</li> }).collect_view()}
                                </ul>
                                {unchanged.then(|| view! { <p class="hint">"Nothing would change."</p> })}
                            }.into_any()
                        }
                    }}
                </ConfirmDialog>
            }.into_any()),
            Dialog::RemoveAll(current) => Some(view! {
                <ConfirmDialog title=format!("Remove all {} custom labels?", current.len()) confirm_label="Remove all" danger=true on_confirm=confirm on_cancel=cancel>
                    <ul class="diff">{current.into_iter().map(|l| view! { <li class="diff-remove">"− "{l}</li> }).collect_view()}</ul>
                    <p class="hint">"Read-only labels stay."</p>
                </ConfirmDialog>
            }.into_any()),
        }}
    }
}
