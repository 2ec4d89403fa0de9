//! The runners list's rows: positions in the list, in the chosen order, that pass the filter.
use leptos::prelude::*;

use crate::audit::OfflineView;
use crate::fleet::{self, Filter, SortKey};
use crate::github::models::{Runner, RunnerGroup};

/// The list in the chosen order, as positions in `runners`: sorted once per load or sort, so a
/// keystroke in the filter only filters, against search texts lower-cased once per load.
pub(super) fn filtered_in_order(
    runners: Memo<Option<Vec<Runner>>>,
    filter: Memo<Filter>,
    sort: Memo<(SortKey, bool)>,
    groups: Memo<Vec<RunnerGroup>>,
    offline_view: Memo<Option<OfflineView>>,
) -> Memo<Vec<usize>> {
    let sorted = Memo::new(move |_| {
        let (key, desc) = sort.get();
        // Only the order by group reads the groups' names, and only the order by time offline the
        // audit log's answer: that answer arriving while someone types does not sort 10,000 runners
        // by name again.
        let offline = if key == SortKey::OfflineFor { offline_view.get().unwrap_or_default() } else { OfflineView::default() };
        let names = if key == SortKey::Group { groups.get() } else { Vec::new() };
        runners.with(|list| {
            let list = list.as_deref().unwrap_or_default();
            fleet::sorted_positions(list, key, desc, &|id| fleet::group_name(&names, id), &|id| offline.since.get(&id).map(|s| s.instant()))
        })
    });
    let haystacks = Memo::new(move |_| runners.with(|r| r.as_deref().unwrap_or_default().iter().map(fleet::search_text).collect::<Vec<_>>()));
    Memo::new(move |_| {
        runners.with(|list| {
            let Some(list) = list.as_deref() else { return vec![] };
            haystacks.with(|hay| sorted.with(|order| filter.with(|f| fleet::matching_positions(list, order, hay, f.matcher()))))
        })
    })
}
