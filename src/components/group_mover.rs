//! Moving one runner between groups, or back to the Default group.
use leptos::prelude::*;

use crate::data::{Write, WriteAction, WriteOp};
use crate::github::models::{Runner, RunnerGroup};
use crate::github::Scope;

#[component]
pub fn GroupMover(scope: Scope, #[prop(into)] runner: Signal<Option<Runner>>, #[prop(into)] groups: Signal<Vec<RunnerGroup>>, write: WriteAction) -> impl IntoView {
    let scope = StoredValue::new(scope);
    let (move_to, set_move_to) = signal(String::new());
    let busy = write.pending();
    let current = move || runner.with(|r| r.as_ref().and_then(|r| r.runner_group_id)).and_then(|g| groups.with(|gs| gs.iter().find(|x| x.id == g).cloned()));
    let move_group = move |_| {
        let Some(group) = move_to.get_untracked().parse::<u64>().ok() else { return };
        let Some(r) = runner.get_untracked() else { return };
        let name = groups.with_untracked(|gs| gs.iter().find(|g| g.id == group).map(|g| g.name.clone())).unwrap_or_default();
        write.dispatch((WriteOp::new(&scope.get_value(), Write::AddToGroup { group, runner: r.id }, r.name), format!("Moved to {name}.")));
    };
    let leave_group = move |_| {
        let Some(r) = runner.get_untracked() else { return };
        let Some(group) = r.runner_group_id else { return };
        write.dispatch((WriteOp::new(&scope.get_value(), Write::RemoveFromGroup { group, runner: r.id }, r.name), "Removed from its group: it is back in the Default group.".into()));
    };
    view! {
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
                <button type="button" data-testid="leave-group" on:click=leave_group disabled=move || busy.get() || current().is_none_or(|g| g.default)>
                    "Remove from group"
                </button>
            </div>
            <p class="hint">"A runner is in exactly one group. Removing it from its group puts it back in the Default group."</p>
        </section>
    }
}
