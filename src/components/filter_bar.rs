//! The runners list's filters: text, status, OS, group and a label picker with type-ahead. Every
//! control shows the filter in force, whatever brought it there: typing, a link, a reload, Back or
//! "Clear filters".
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::fleet::{Filter, Status};
use crate::github::models::RunnerGroup;
use crate::view_query::{group_value, with_label, FILTER_KEYS};

/// Sets one query key; `None` removes it.
pub type SetQuery = Callback<(&'static str, Option<String>)>;

/// Takes every filter out of the query (search, status, OS, group and labels).
pub fn clear_filters(set_query: SetQuery) {
    for k in FILTER_KEYS {
        set_query.run((k, None));
    }
}

const STATUSES: [Status; 3] = [Status::Idle, Status::Active, Status::Offline];

#[component]
pub fn FilterBar(
    #[prop(into)] filter: Signal<Filter>,
    /// (labels, operating systems) present in the fleet.
    #[prop(into)]
    facets: Signal<(Vec<String>, Vec<String>)>,
    #[prop(into)] groups: Signal<Vec<RunnerGroup>>,
    show_group: bool,
    set_query: SetQuery,
) -> impl IntoView {
    let set = move |k: &'static str, v: String| set_query.run((k, Some(v)));
    // Each control reads only its own part of the filter, so a keystroke in the search box does not
    // rebuild the other controls' options.
    let status = Memo::new(move |_| filter.with(|f| f.status));
    let os_wanted = Memo::new(move |_| filter.with(|f| f.os.clone()));
    let group = Memo::new(move |_| filter.with(|f| f.group));
    let picked = Memo::new(move |_| filter.with(|f| f.labels.clone()));
    // The OS filter's choices: the fleet's, plus one asked for that no runner has (so it still shows).
    let os_choices = move || {
        let mut oses = facets.with(|f| f.1.clone());
        if let Some(os) = os_wanted.get().filter(|os| !oses.iter().any(|x| x.eq_ignore_ascii_case(os))) {
            oses.push(os);
        }
        oses
    };
    view! {
        <fieldset class="filters" data-testid="filters">
            <legend class="sr-only">"Filter runners"</legend>
            <label>
                "Search"
                <input type="search" data-testid="filter-text" placeholder="name or label" prop:value=move || filter.with(|f| f.text.clone())
                    on:input:target=move |ev| set("q", ev.target().value()) />
            </label>
            <label>
                "Status"
                <select data-testid="filter-status" on:change:target=move |ev| set("status", ev.target().value())>
                    <option value="" prop:selected=move || status.with(Option::is_none)>"Any"</option>
                    {STATUSES.into_iter().map(|s| view! {
                        <option value=s.key() prop:selected=move || status.get() == Some(s)>{s.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                "OS"
                <select data-testid="filter-os" on:change:target=move |ev| set("os", ev.target().value())>
                    <option value="" prop:selected=move || os_wanted.with(Option::is_none)>"Any"</option>
                    {move || os_choices().into_iter().map(|os| {
                        let want = os.clone();
                        let value = os.clone();
                        view! { <option value=value prop:selected=move || os_wanted.with(|o| o.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(&want)))>{os}</option> }
                    }).collect_view()}
                </select>
            </label>
            {show_group.then(|| view! {
                <label>
                    "Group"
                    <select data-testid="filter-group" on:change:target=move |ev| {
                        let value = ev.target().value();
                        let named = value.parse().map(|id| groups.with_untracked(|g| group_value(g, id))).unwrap_or(value);
                        set("group", named)
                    }>
                        <option value="" prop:selected=move || group.with(Option::is_none)>"Any"</option>
                        {move || groups.get().into_iter().map(|g| {
                            let id = g.id;
                            view! { <option value=id.to_string() prop:selected=move || group.get() == Some(id)>{g.name}</option> }
                        }).collect_view()}
                    </select>
                </label>
            })}
            <LabelPicker picked=picked labels=Signal::derive(move || facets.with(|f| f.0.clone())) set_query=set_query />
        </fieldset>
    }
}

/// Adds a label to the filter: type to narrow the fleet's labels, then Enter, a pick or "Add".
#[component]
fn LabelPicker(picked: Memo<Vec<String>>, labels: Signal<Vec<String>>, set_query: SetQuery) -> impl IntoView {
    let draft = RwSignal::new(String::new());
    let note = RwSignal::new(None::<String>);
    // `quiet`: a pick that is not (yet) a label says nothing; Enter or "Add" says why nothing was added.
    let add = move |quiet: bool| {
        let want = draft.get_untracked().trim().to_string();
        if want.is_empty() {
            return;
        }
        match labels.with_untracked(|l| l.iter().find(|l| l.eq_ignore_ascii_case(&want)).cloned()) {
            Some(label) => {
                set_query.run(("label", Some(picked.with_untracked(|p| with_label(p, &label)))));
                draft.set(String::new());
                note.set(None);
            }
            None if quiet => {}
            None => note.set(Some(format!("No runner here has the label “{want}”."))),
        }
    };
    // What is offered: the fleet's labels not yet in the filter.
    let offered = move || picked.with(|picked| labels.with(|l| l.iter().filter(|l| !picked.iter().any(|p| p.eq_ignore_ascii_case(l))).cloned().collect::<Vec<_>>()));
    view! {
        <div class="label-picker">
            <label>
                "Label"
                <input type="text" list="label-choices" data-testid="filter-label-input" placeholder="type, then Enter" autocomplete="off"
                    prop:value=draft
                    on:input=move |ev: leptos::ev::Event| {
                        let value = event_target_value(&ev);
                        note.set(None);
                        draft.set(value);
                        // Typing is an InputEvent that inserts; picking a suggestion replaces the whole
                        // text, which Chromium and Safari send as a plain Event. A pick adds at once.
                        let typed = ev.dyn_ref::<web_sys::InputEvent>().is_some_and(|i| i.input_type() != "insertReplacementText");
                        if !typed {
                            add(true);
                        }
                    }
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        // The key is read as a property: a datalist pick can send a bare Event here,
                        // on which KeyboardEvent.key would throw.
                        if js_sys::Reflect::get(&ev, &"key".into()).ok().and_then(|k| k.as_string()).as_deref() == Some("Enter") {
                            ev.prevent_default();
                            add(false);
                        }
                    } />
            </label>
            <datalist id="label-choices">
                {move || offered().into_iter().map(|l| view! { <option value=l></option> }).collect_view()}
            </datalist>
            <button type="button" data-testid="filter-label-add" on:click=move |_| add(false)>"Add label filter"</button>
            // Always there, so a screen reader announces the text when it changes.
            <p class="hint" role="status" data-testid="label-note">{move || note.get()}</p>
        </div>
    }
}
