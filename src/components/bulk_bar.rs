//! Bulk actions on runners of one scope or many: delete, add or remove a label, move to a group. Each
//! is confirmed with the exact list, grouped by scope, and its pace, then runs as a job in the
//! session's write queue; every write goes to its runner's own scope.
use leptos::prelude::*;

use super::{ConfirmDialog, LifecycleActions, PaceChoice};
use crate::data::{Jobs, PageApi, Write, WriteOp};
use crate::fleet;
use crate::github::models::{Runner, RunnerGroup};
use crate::github::Scope;

#[derive(Clone, Debug, PartialEq)]
enum BulkAction {
    Delete,
    AddLabel(String),
    RemoveLabel(String),
    /// To the group of this name in each runner's own scope (group ids are per scope).
    MoveTo {
        name: String,
    },
}

impl BulkAction {
    fn verb(&self) -> String {
        match self {
            BulkAction::Delete => "Delete (force-remove)".into(),
            BulkAction::AddLabel(l) => format!("Add label “{l}” to"),
            BulkAction::RemoveLabel(l) => format!("Remove label “{l}” from"),
            BulkAction::MoveTo { name } => format!("Move to group “{name}”"),
        }
    }

    fn noun(&self) -> &'static str {
        match self {
            BulkAction::Delete => "deletes",
            BulkAction::AddLabel(_) | BulkAction::RemoveLabel(_) => "label changes",
            BulkAction::MoveTo { .. } => "moves",
        }
    }

    /// The write for one runner, given the groups of its scope, or why there is nothing to do.
    fn write(&self, r: &Runner, groups: &[RunnerGroup]) -> Result<Write, &'static str> {
        let runner = r.id;
        match self {
            BulkAction::Delete => Ok(Write::DeleteRunner { runner }),
            BulkAction::AddLabel(l) if r.custom_labels().any(|x| x.name.eq_ignore_ascii_case(l)) => Err("has it already"),
            BulkAction::AddLabel(l) => Ok(Write::AddLabels { runner, labels: vec![l.clone()] }),
            BulkAction::RemoveLabel(l) if r.custom_labels().any(|x| x.name.eq_ignore_ascii_case(l)) => Ok(Write::RemoveLabel { runner, label: l.clone() }),
            BulkAction::RemoveLabel(_) => Err("does not have it"),
            BulkAction::MoveTo { name } => match groups.iter().find(|g| !g.is_inherited() && g.name.eq_ignore_ascii_case(name)) {
                Some(g) if r.runner_group_id == Some(g.id) => Err("is in it already"),
                Some(g) => Ok(Write::AddToGroup { group: g.id, runner }),
                None => Err("has no such group in its scope"),
            },
        }
    }
}

/// A runner and the scope it is registered at.
pub type Target = (Scope, Runner);

/// What a confirmed action will touch, in scope order, and what it leaves alone (with why).
#[derive(Clone, Debug, PartialEq)]
struct Plan {
    writes: Vec<(Scope, u64, String, Write)>,
    skipped: Vec<String>,
}

fn plan(action: &BulkAction, chosen: &[Target], groups: &[(Scope, RunnerGroup)]) -> Result<Plan, String> {
    if let BulkAction::AddLabel(l) = action {
        let read_only: Vec<String> = chosen.iter().flat_map(|(_, r)| r.labels.iter().filter(|x| x.is_read_only()).map(|x| x.name.clone())).collect();
        fleet::validate_labels(std::slice::from_ref(l), &read_only)?;
    }
    let mut chosen: Vec<&Target> = chosen.iter().collect();
    crate::order::sort_by(&mut chosen, |a, b| a.0.cmp(&b.0));
    let mut plan = Plan { writes: vec![], skipped: vec![] };
    for (scope, r) in chosen {
        let here: Vec<RunnerGroup> = groups.iter().filter(|(s, _)| s == scope).map(|(_, g)| g.clone()).collect();
        match action.write(r, &here) {
            Ok(w) => plan.writes.push((scope.clone(), r.id, r.name.clone(), w)),
            Err(why) => plan.skipped.push(format!("{} ({why})", r.name)),
        }
    }
    Ok(plan)
}

/// The targets as the dialog lists them: per scope, its runners' names.
fn by_scope(writes: &[(Scope, u64, String, Write)]) -> Vec<(Scope, Vec<String>)> {
    let mut out: Vec<(Scope, Vec<String>)> = Vec::new();
    for (scope, _, name, _) in writes {
        match out.last_mut() {
            Some((s, names)) if s == scope => names.push(name.clone()),
            _ => out.push((scope.clone(), vec![name.clone()])),
        }
    }
    out
}

/// Every group a runner can be moved into, by name, once each.
fn group_names(groups: &[(Scope, RunnerGroup)]) -> Vec<String> {
    let mut names: Vec<String> = groups.iter().filter(|(_, g)| !g.is_inherited()).map(|(_, g)| g.name.clone()).collect();
    crate::order::sort_by(&mut names, |a, b| fleet::natural_cmp(a, b));
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    names
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The width at and below which the stylesheet lays pages out for phones.
const NARROW_PX: f64 = 600.0;

fn is_narrow() -> bool {
    web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).is_some_and(|w| w <= NARROW_PX)
}

#[derive(Clone, Debug, PartialEq)]
struct Confirm {
    action: BulkAction,
    plan: Plan,
}

#[component]
pub fn BulkBar(
    /// The selected runners that the filter shows, each with its scope.
    #[prop(into)]
    targets: Signal<Vec<Target>>,
    /// The runner groups of the scopes shown, for moves.
    #[prop(into)]
    groups: Signal<Vec<(Scope, RunnerGroup)>>,
    /// Whether any scope shown has runner groups.
    show_group: bool,
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
            let plan = plan(&action, &chosen, &groups.get_untracked())?;
            Ok(Confirm { action, plan })
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
        let Some(Confirm { action, plan }) = confirm.get_untracked() else { return };
        confirm.set(None);
        let client = match api.write_client() {
            Ok(c) => c,
            Err(e) => return set_error.set(Some(e.to_string())),
        };
        // Across scopes a name alone can be ambiguous (runner-1 in two repositories): say where.
        let several = by_scope(&plan.writes).len() > 1;
        let named = |scope: &Scope, name: &str| if several { format!("{name} ({scope})") } else { name.to_string() };
        let ops = plan.writes.iter().map(|(scope, _, name, write)| WriteOp::new(scope, write.clone(), named(scope, name))).collect();
        let targets: Vec<(u64, String)> = plan.writes.iter().map(|(scope, id, name, _)| (*id, named(scope, name))).collect();
        let skipped = plan.skipped;
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
                    {move || group_names(&groups.get()).into_iter().map(|name| view! { <option value=name.clone()>{name.clone()}</option> }).collect_view()}
                </select>
                <button type="button" data-testid="bulk-move" on:click=move |_| {
                    let picked = Some(group.get_untracked()).filter(|g| !g.is_empty());
                    prepare(picked.map(|name| BulkAction::MoveTo { name }).ok_or_else(|| "Choose the group to move the selected runners to.".to_string()));
                }>"Move…"</button>
            })}
            <LifecycleActions targets=targets groups=groups selected=selected origin=origin.get_value() api=api whom="selected runners" cordon=show_group />
            </div>
            </details>
            {move || error.get().map(|e| view! { <span class="error" role="alert" data-testid="bulk-error">{e}</span> })}
        </div>
        {move || confirm.get().map(|Confirm { action, plan }| {
            let n = plan.writes.len();
            let listed = by_scope(&plan.writes);
            let several = listed.len() > 1;
            let skipped = plan.skipped;
            let title = format!("{} {n} runner{}?", action.verb(), if n == 1 { "" } else { "s" });
            let danger = action == BulkAction::Delete;
            view! {
                <ConfirmDialog title=title confirm_label=format!("{} {n}", if danger { "Delete" } else { "Apply to" }) danger=danger
                    ready=Signal::derive(move || n > 0)
                    on_confirm=Callback::new(run) on_cancel=Callback::new(move |_| confirm.set(None))>
                    {danger.then(|| view! { <p class="warning">"Deleting force-removes the runners from GitHub. A runner that is running a job cannot be deleted and will be reported."</p> })}
                    <div data-testid="dialog-targets">
                        {listed.into_iter().map(|(scope, names)| {
                            let heading = format!("{} ({})", capitalized(&scope.to_string()), names.len());
                            view! {
                                {several.then(|| view! { <h3 class="target-scope" data-testid="dialog-scope">{heading}</h3> })}
                                <ul class="target-list">{names.into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}</ul>
                            }
                        }).collect_view()}
                    </div>
                    {(!skipped.is_empty()).then(|| view! { <p class="hint" data-testid="dialog-skipped">{format!("Left alone, nothing to change: {}", skipped.join(", "))}</p> })}
                    <PaceChoice count=n noun=action.noun() />
                    <p class="hint">"The job goes on if you open another page; the header shows its progress."</p>
                </ConfirmDialog>
            }
        })}
    }
}
