//! One runner's place in rotation on its page: in service or cordoned (and where it goes back
//! to), with cordon, uncordon and "remove when idle", or why cordon cannot work at this scope.
use leptos::prelude::*;

use super::LifecycleActions;
use crate::cordon::{self, State};
use crate::data::PageApi;
use crate::github::models::{Runner, RunnerGroup};
use crate::github::Scope;

#[component]
pub fn RunnerLifecycle(scope: Scope, #[prop(into)] runner: Signal<Option<Runner>>, #[prop(into)] groups: Signal<Vec<RunnerGroup>>, #[prop(into)] origin: String, api: PageApi) -> impl IntoView {
    let scope = StoredValue::new(scope);
    let state = move || runner.with(|r| r.as_ref().map(|r| State::of(r, &groups.get())));
    let group_name = move |id: u64| groups.with(|gs| gs.iter().find(|g| g.id == id).map(|g| g.name.clone())).unwrap_or_else(|| format!("group {id} (gone: the Default group instead)"));
    let said = move || match state() {
        Some(State::Cordoned { back_to: Some(g) }) => format!("Cordoned: no new job is routed to it. Uncordon puts it back in {}.", group_name(g)),
        Some(State::Cordoned { back_to: None }) => "Cordoned: no new job is routed to it. No way back was recorded, so Uncordon puts it in the Default group.".into(),
        Some(State::LabelOnly { back_to }) => format!(
            "Not cordoned, though it carries a cordon label (back to {}): someone moved it out of “{}”, so it may take jobs. Uncordon removes the label.",
            group_name(back_to),
            cordon::GROUP_NAME
        ),
        Some(State::InService) => "In service: jobs may be routed to it.".into(),
        None => String::new(),
    };
    let targets = Signal::derive(move || runner.get().map(|r| vec![(scope.get_value(), r)]).unwrap_or_default());
    let scoped_groups = Signal::derive(move || groups.get().into_iter().map(|g| (scope.get_value(), g)).collect::<Vec<_>>());
    view! {
        <section class="panel" data-testid="runner-lifecycle" aria-labelledby="lifecycle-heading">
            <h2 id="lifecycle-heading">"Rotation"</h2>
            <p data-testid="cordon-state">{said}</p>
            {scope.with_value(cordon::unavailable).map(|why| view! { <p class="hint" data-testid="cordon-unavailable">{why}</p> })}
            <LifecycleActions targets=targets groups=scoped_groups origin=origin api=api whom="this runner" cordon=scope.with_value(Scope::has_groups) />
        </section>
    }
}
