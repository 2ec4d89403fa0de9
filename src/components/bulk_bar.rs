//! The runners list's bulk actions: delete, add or remove a label, move to a group. Each is
//! confirmed with the exact list and its pace, then runs as a job in the session's write queue.
use leptos::prelude::*;

use super::{ConfirmDialog, PaceChoice};
use crate::data::{Jobs, PageApi, Write, WriteOp};
use crate::fleet;
use crate::github::models::{Runner, RunnerGroup};
use crate::github::Scope;

#[derive(Clone, Debug, PartialEq)]
enum BulkAction {
    Delete,
    AddLabel(String),
    RemoveLabel(String),
    MoveTo { group: u64, name: String },
}

impl BulkAction {
    fn verb(&self) -> String {
        match self {
            BulkAction::Delete => "Delete (force-remove)".into(),
            BulkAction::AddLabel(l) => format!("Add label “{l}” to"),
            BulkAction::RemoveLabel(l) => format!("Remove label “{l}” from"),
            BulkAction::MoveTo { name, .. } => format!("Move to group “{name}”"),
        }
    }

    fn noun(&self) -> &'static str {
        match self {
            BulkAction::Delete => "deletes",
            BulkAction::AddLabel(_) | BulkAction::RemoveLabel(_) => "label changes",
            BulkAction::MoveTo { .. } => "moves",
        }
    }

    fn write(&self, runner: u64) -> Write {
        match self {
            BulkAction::Delete => Write::DeleteRunner { runner },
            BulkAction::AddLabel(l) => Write::AddLabels { runner, labels: vec![l.clone()] },
            BulkAction::RemoveLabel(l) => Write::RemoveLabel { runner, label: l.clone() },
            BulkAction::MoveTo { group, .. } => Write::AddToGroup { group: *group, runner },
        }
    }
}

/// What a confirmed action will touch, and what it leaves alone.
/// The runners to write (id, name), and the names left alone.
type Plan = (Vec<(u64, String)>, Vec<String>);

fn plan(action: &BulkAction, chosen: &[Runner]) -> Result<Plan, String> {
    let mut skipped = Vec::new();
    let mut targets = Vec::new();
    if let BulkAction::AddLabel(l) = action {
        let read_only: Vec<String> = chosen.iter().flat_map(|r| r.labels.iter().filter(|x| x.is_read_only()).map(|x| x.name.clone())).collect();
        fleet::validate_labels(std::slice::from_ref(l), &read_only)?;
    }
    for r in chosen {
        let relevant = match action {
            BulkAction::Delete => true,
            BulkAction::AddLabel(l) => !r.custom_labels().any(|x| x.name.eq_ignore_ascii_case(l)),
            BulkAction::RemoveLabel(l) => r.custom_labels().any(|x| x.name.eq_ignore_ascii_case(l)),
            BulkAction::MoveTo { group, .. } => r.runner_group_id != Some(*group),
        };
        if relevant {
            targets.push((r.id, r.name.clone()));
        } else {
            skipped.push(r.name.clone());
        }
    }
    Ok((targets, skipped))
}

/// The width at and below which the stylesheet lays pages out for phones.
const NARROW_PX: f64 = 600.0;

fn is_narrow() -> bool {
    web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).is_some_and(|w| w <= NARROW_PX)
}

#[derive(Clone, Debug, PartialEq)]
struct Confirm {
    action: BulkAction,
    targets: Vec<(u64, String)>,
    skipped: Vec<String>,
}

#[component]
pub fn BulkBar(
    scope: Scope,
    /// The selected runners that the filter shows.
    #[prop(into)]
    targets: Signal<Vec<Runner>>,
    #[prop(into)] groups: Signal<Vec<RunnerGroup>>,
    selected: RwSignal<std::collections::BTreeSet<u64>>,
    /// The console path jobs started here belong to.
    #[prop(into)]
    origin: String,
    api: PageApi,
) -> impl IntoView {
    let jobs = expect_context::<Jobs>();
    let confirm = RwSignal::new(None::<Confirm>);
    let (label, set_label) = signal(String::new());
    let (group, set_group) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let show_group = scope.has_groups();
    let scope = StoredValue::new(scope);
    let origin = StoredValue::new(origin);
    let narrow = RwSignal::new(is_narrow());
    let menu_open = RwSignal::new(false);
    let resize = window_event_listener(leptos::ev::resize, move |_| narrow.set(is_narrow()));
    on_cleanup(move || resize.remove());

    let prepare = move |action: Result<BulkAction, String>| {
        let chosen = targets.get_untracked();
        let result = action.and_then(|action| {
            if chosen.is_empty() {
                return Err("Select runners first (the checkbox in the header selects all that match the filter).".to_string());
            }
            let (targets, skipped) = plan(&action, &chosen)?;
            Ok(Confirm { action, targets, skipped })
        });
        match result {
            Ok(c) => {
                set_error.set(None);
                confirm.set(Some(c));
            }
            Err(e) => set_error.set(Some(e)),
        }
    };
    let typed_label = move |verb: &str| {
        let l = label.get_untracked().trim().to_string();
        if l.is_empty() {
            Err(format!("Type the label to {verb}."))
        } else {
            Ok(l)
        }
    };
    let run = move |_| {
        let Some(Confirm { action, targets, skipped }) = confirm.get_untracked() else { return };
        confirm.set(None);
        let client = match api.write_client() {
            Ok(c) => c,
            Err(e) => return set_error.set(Some(e.to_string())),
        };
        let scope = scope.get_value();
        let ops = targets.iter().map(|(id, name)| WriteOp::new(&scope, action.write(*id), name.clone())).collect();
        let title = format!("{} {} runner{}", action.verb(), targets.len(), if targets.len() == 1 { "" } else { "s" });
        jobs.start(client, title, origin.get_value(), ops, targets, skipped, jobs.pace.get_untracked());
        selected.set(Default::default());
    };

    view! {
        <div class="bulk" data-testid="bulk-bar" role="group" aria-label="Bulk actions on the selected runners">
            <span data-testid="selected-count">{move || format!("{} selected", targets.with(Vec::len))}</span>
            // On a narrow screen the actions fold into one "Actions" disclosure; wider, they are all shown.
            <details class="bulk-actions" prop:open=move || !narrow.get() || menu_open.get()
                on:toggle:target=move |ev| if narrow.get_untracked() { menu_open.set(ev.target().open()) }>
            <summary data-testid="bulk-menu">"Actions"</summary>
            <div class="bulk-controls">
            <button type="button" class="danger" data-testid="bulk-delete" on:click=move |_| prepare(Ok(BulkAction::Delete))>"Delete selected…"</button>
            <input type="text" class="short-text" aria-label="Label for the selected runners" placeholder="label" data-testid="bulk-label"
                prop:value=label on:input:target=move |ev| set_label.set(ev.target().value()) />
            <button type="button" data-testid="bulk-add-label" on:click=move |_| prepare(typed_label("add").map(BulkAction::AddLabel))>"Add label…"</button>
            <button type="button" data-testid="bulk-remove-label" on:click=move |_| prepare(typed_label("remove").map(BulkAction::RemoveLabel))>"Remove label…"</button>
            {show_group.then(|| view! {
                <select aria-label="Group to move the selected runners to" data-testid="bulk-group" prop:value=group on:change:target=move |ev| set_group.set(ev.target().value())>
                    <option value="">"Move to group…"</option>
                    {move || groups.get().into_iter().filter(|g| !g.is_inherited()).map(|g| view! { <option value=g.id.to_string()>{g.name.clone()}</option> }).collect_view()}
                </select>
                <button type="button" data-testid="bulk-move" on:click=move |_| {
                    let picked = group.get_untracked().parse::<u64>().ok();
                    let found = picked.and_then(|id| groups.get_untracked().into_iter().find(|g| g.id == id));
                    prepare(found.map(|g| BulkAction::MoveTo { group: g.id, name: g.name }).ok_or_else(|| "Choose the group to move the selected runners to.".to_string()));
                }>"Move…"</button>
            })}
            </div>
            </details>
            {move || error.get().map(|e| view! { <span class="error" role="alert" data-testid="bulk-error">{e}</span> })}
        </div>
        {move || confirm.get().map(|Confirm { action, targets, skipped }| {
            let n = targets.len();
            let title = format!("{} {n} runner{}?", action.verb(), if n == 1 { "" } else { "s" });
            let danger = action == BulkAction::Delete;
            view! {
                <ConfirmDialog title=title confirm_label=format!("{} {n}", if danger { "Delete" } else { "Apply to" }) danger=danger
                    ready=Signal::derive(move || n > 0)
                    on_confirm=Callback::new(run) on_cancel=Callback::new(move |_| confirm.set(None))>
                    {danger.then(|| view! { <p class="warning">"Deleting force-removes the runners from GitHub. A runner that is running a job cannot be deleted and will be reported."</p> })}
                    <ul class="target-list" data-testid="dialog-targets">
                        {targets.into_iter().map(|(_, name)| view! { <li>{name}</li> }).collect_view()}
                    </ul>
                    {(!skipped.is_empty()).then(|| view! { <p class="hint" data-testid="dialog-skipped">{format!("Left alone, nothing to change: {}", skipped.join(", "))}</p> })}
                    <PaceChoice count=n noun=action.noun() />
                    <p class="hint">"The job goes on if you open another page; the header shows its progress."</p>
                </ConfirmDialog>
            }
        })}
    }
}
