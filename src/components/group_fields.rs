//! The settings a runner group has, as form fields: shared by the create and the edit forms.
use leptos::prelude::*;

use crate::github::models::{RunnerGroup, Visibility};
use crate::groups::visibility_label;

/// What the fields hold; the forms read it when they submit.
#[derive(Clone, Copy)]
pub struct GroupFieldState {
    pub name: RwSignal<String>,
    pub visibility: RwSignal<String>,
    pub public: RwSignal<bool>,
    pub restricted: RwSignal<bool>,
    /// One workflow per line.
    pub workflows: RwSignal<String>,
}

impl GroupFieldState {
    pub fn new() -> GroupFieldState {
        GroupFieldState {
            name: RwSignal::new(String::new()),
            visibility: RwSignal::new(Visibility::All.as_str().to_string()),
            public: RwSignal::new(false),
            restricted: RwSignal::new(false),
            workflows: RwSignal::new(String::new()),
        }
    }

    /// Fills the fields from the group as the server has it.
    pub fn load(&self, g: &RunnerGroup) {
        self.name.set(g.name.clone());
        self.visibility.set(g.visibility.as_str().to_string());
        self.public.set(g.allows_public_repositories);
        self.restricted.set(g.restricted_to_workflows.unwrap_or(false));
        self.workflows.set(g.selected_workflows.join("\n"));
    }
}

impl Default for GroupFieldState {
    fn default() -> Self {
        GroupFieldState::new()
    }
}

#[component]
pub fn GroupFields(
    state: GroupFieldState,
    enterprise: bool,
    #[prop(into)] name_locked: Signal<bool>,
    /// Why the server has no workflow restrictions, when it has none: the fields are not offered.
    #[prop(default = None)]
    workflows_off: Option<String>,
) -> impl IntoView {
    let workflows_on = workflows_off.is_none();
    // `private` exists for org groups only.
    let visibilities = if enterprise { vec![Visibility::All, Visibility::Selected] } else { vec![Visibility::All, Visibility::Selected, Visibility::Private] };
    view! {
        <div class="form-grid">
            <label>
                "Name"
                <input type="text" data-testid="group-name-input" required prop:value=state.name disabled=name_locked
                    on:input:target=move |ev| state.name.set(ev.target().value()) />
            </label>
            <label>
                "Who may use it"
                <select data-testid="group-visibility-input" prop:value=state.visibility on:change:target=move |ev| state.visibility.set(ev.target().value())>
                    {visibilities.into_iter().map(|v| view! { <option value=v.as_str().to_string()>{visibility_label(&v, enterprise)}</option> }).collect_view()}
                </select>
            </label>
            <label class="checkbox">
                <input type="checkbox" data-testid="group-public-input" prop:checked=state.public on:change:target=move |ev| state.public.set(ev.target().checked()) />
                "Allow public repositories"
            </label>
            {workflows_off.map(|why| view! { <p class="hint" data-testid="workflows-unavailable">{why}</p> })}
            <Show when=move || workflows_on>
            <label class="checkbox">
                <input type="checkbox" data-testid="group-restricted-input" prop:checked=state.restricted on:change:target=move |ev| state.restricted.set(ev.target().checked()) />
                "Only selected workflows may use it"
            </label>
            </Show>
        </div>
        {move || name_locked.get().then(|| view! { <p class="hint">"The Default group cannot be renamed."</p> })}
        <Show when=move || workflows_on && state.restricted.get()>
            <label>
                "Selected workflows, one per line (OWNER/REPO/.github/workflows/FILE.yml@REF)"
                <textarea rows="3" data-testid="group-workflows-input" prop:value=state.workflows on:input:target=move |ev| state.workflows.set(ev.target().value())></textarea>
            </label>
        </Show>
    }
}
