//! A searchable checklist for picking organizations, repositories or runners by name, never by id.
use std::collections::BTreeSet;

use leptos::prelude::*;

/// Shown at once; a search narrows the rest.
const SHOWN: usize = 200;

use crate::data::PickItem;

#[component]
pub fn Picker(#[prop(into)] items: Signal<Vec<PickItem>>, selected: RwSignal<BTreeSet<u64>>, #[prop(into)] label: String, testid: &'static str) -> impl IntoView {
    let (search, set_search) = signal(String::new());
    let matching = Memo::new(move |_| {
        let q = search.get().to_lowercase();
        items.with(|all| all.iter().filter(|i| q.is_empty() || i.name.to_lowercase().contains(&q) || i.detail.to_lowercase().contains(&q)).cloned().collect::<Vec<_>>())
    });
    let shown = move || matching.get().into_iter().take(SHOWN).collect::<Vec<_>>();
    let search_label = format!("Search {}", label.to_lowercase());
    view! {
        <fieldset class="picker" data-testid=testid>
            <legend>{label}</legend>
            <input type="search" placeholder="Search by name" aria-label=search_label data-testid=format!("{testid}-search")
                prop:value=search on:input:target=move |ev| set_search.set(ev.target().value()) />
            <p class="hint">{move || format!("{} selected of {}", selected.with(BTreeSet::len), items.with(Vec::len))}</p>
            <ul class="picker-list">
                <For each=shown key=|i| (i.id, i.name.clone(), i.detail.clone()) let:item>
                    {
                        let id = item.id;
                        view! {
                            <li>
                                <label class="checkbox" data-testid=format!("{testid}-item") data-name=item.name.clone()>
                                    <input type="checkbox" prop:checked=move || selected.with(|s| s.contains(&id))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                                        } />
                                    <bdi>{item.name.clone()}</bdi>
                                    <span class="hint">{item.detail.clone()}</span>
                                </label>
                            </li>
                        }
                    }
                </For>
            </ul>
            {move || (matching.with(Vec::len) > SHOWN).then(|| view! { <p class="hint">{format!("{} more: refine the search.", matching.with(Vec::len) - SHOWN)}</p> })}
        </fieldset>
    }
}
