//! The window of a long table that is in the DOM: the rows in view and some either side, with pads
//! standing in for the rest, so ten thousand rows scroll as smoothly as ten.
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A row's height at desktop widths; narrow screens show taller cards, measured as they render.
const ROW_HEIGHT: f64 = 40.0;
/// Rows rendered beyond each edge of the view: enough for a flick of the wheel, few enough that a
/// keystroke which brings in a whole new window builds it within a frame.
const OVERSCAN: usize = 15;

#[derive(Clone, Copy)]
pub struct VirtualRows {
    /// The scrolling element; its rows carry the class `row`.
    pub scroller: NodeRef<html::Div>,
    /// The rows to render: `first..last`.
    pub window: Memo<(usize, usize)>,
    /// The rows in view, and one either side.
    in_view: Memo<(usize, usize)>,
    /// Whether every rendered row shows the rows as they are now. From a change of the rows (a
    /// keystroke in a filter) until the frame that shows it is painted, only the rows in view do.
    current: Memo<bool>,
    scroll_top: RwSignal<f64>,
    viewport: RwSignal<f64>,
    row_height: RwSignal<f64>,
    len: Signal<usize>,
    rows: Signal<Vec<usize>>,
    /// Each rendered row's position and what it shows there (a position in the whole list), set by
    /// one effect when the rows change, and only where it differs: a row whose position shows the
    /// same runner as before, or which is beyond the view while the change is painted, is not told
    /// of the change at all.
    shown: StoredValue<Vec<(usize, RwSignal<Option<usize>>)>>,
}

impl VirtualRows {
    /// For a table of `rows`; call it while the table's view is built.
    pub fn new(rows: Signal<Vec<usize>>) -> VirtualRows {
        let scroller = NodeRef::<html::Div>::new();
        let scroll_top = RwSignal::new(0.0f64);
        let viewport = RwSignal::new(640.0f64);
        let row_height = RwSignal::new(ROW_HEIGHT);
        let len = Signal::derive(move || rows.with(Vec::len));
        // Counts the changes of the rows; the count whose frame has been painted is `settled`.
        let changes = Memo::new(move |before: Option<&u64>| {
            crate::data::depend_on(&rows);
            before.map_or(0, |n| n + 1)
        });
        let settled = RwSignal::new(None::<u64>);
        let current = Memo::new(move |_| settled.get() == Some(changes.get()));
        // `first..last` with `over` rows beyond each edge of the view.
        let span = move |over: usize| {
            let len = len.get();
            let h = row_height.get();
            let first = ((scroll_top.get() / h) as usize).saturating_sub(over).min(len);
            let count = (viewport.get() / h) as usize + 2 * over;
            (first, (first + count).min(len))
        };
        let in_view = Memo::new(move |_| span(1));
        // When the rows change, the frame after updates the rows in view alone, and builds no row
        // beyond them: the rows a person sees cost one frame, not three. The rows already rendered
        // beyond the view are kept, hidden from assistive technology, and brought up to date once that frame is painted
        // (`slot`); a window of new rows beyond the view is built then too.
        let window = Memo::new(move |before: Option<&(usize, usize)>| {
            let full = span(OVERSCAN);
            if current.get() {
                return full;
            }
            let (a, b) = in_view.get();
            let (a, b) = before.map_or((a, b), |&(first, last)| (a.min(first), b.max(last)));
            (a.max(full.0), b.min(full.1).max(a.max(full.0)))
        });
        Effect::new(move |_| {
            let n = changes.get();
            request_animation_frame(move || {
                // After the paint of the frame this callback runs in.
                set_timeout(
                    move || {
                        settled.try_set(Some(n));
                    },
                    std::time::Duration::ZERO,
                );
            });
        });
        let shown = StoredValue::new(Vec::<(usize, RwSignal<Option<usize>>)>::new());
        // The one place the house writes signals from an effect, and on purpose. A row that derived
        // what it shows from `rows` (a memo per row) would be woken, with each of its cells, by every
        // keystroke: the memo reruns and finds the same runner, but every cell's effect in the window
        // is woken to check it first. This effect looks at every row and writes only to the rows whose
        // runner changed (with the label chips and badges changed in place, a keystroke's median to its
        // paint went from 14.0 to 10.5 ms on one machine). It reads none of what it writes.
        Effect::new(move |_| {
            let up_to_date = current.get();
            let (a, b) = in_view.get();
            // Collected first and set after: nothing a set wakes may find `shown` borrowed.
            let moves = rows.with(|r| {
                shown.try_with_value(|slots| {
                    let now = |p: usize| r.get(p).copied();
                    let due = |&&(p, at): &&(usize, RwSignal<Option<usize>>)| (up_to_date || (a..b).contains(&p)) && at.try_get_untracked().is_some_and(|was| was != now(p));
                    slots.iter().filter(due).map(|&(p, at)| (at, now(p))).collect::<Vec<_>>()
                })
            });
            for (at, now) in moves.into_iter().flatten() {
                at.try_set(now);
            }
        });
        let rows = VirtualRows { scroller, window, in_view, current, scroll_top, viewport, row_height, len, rows, shown };
        // Measured when rows first appear and when the screen is resized, never on scroll: the height
        // decides which rows render, so measuring those again could swing back and forth.
        let has_rows = Memo::new(move |_| len.get() > 0);
        Effect::new(move |_| {
            if has_rows.get() {
                request_animation_frame(move || rows.measure());
            }
        });
        let resize = window_event_listener(leptos::ev::resize, move |_| rows.measure());
        on_cleanup(move || resize.remove());
        rows
    }

    /// The rendered rows' mean height, for the pads that stand for the rows not in the DOM.
    fn measure(&self) {
        let Some(el) = self.scroller.try_get_untracked().flatten() else { return };
        let list = el.get_elements_by_class_name("row");
        let heights: Vec<f64> =
            (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok()).map(|r| r.offset_height() as f64).filter(|h| *h > 0.0).collect();
        if heights.is_empty() {
            return;
        }
        let mean = heights.iter().sum::<f64>() / heights.len() as f64;
        // A frame later the table may be gone: nothing to measure for.
        let Some(now) = self.row_height.try_get_untracked() else { return };
        // Only a real change of layout (rows to cards, or back): small differences between windows
        // of rows must not make the window move again.
        if (mean - now).abs() > now * 0.25 {
            self.row_height.try_set(mean);
        }
    }

    /// The window's positions, for a `<For>` keyed by position (see [`VirtualRows::slot`]).
    pub fn positions(&self) -> Vec<usize> {
        let (first, last) = self.window.get();
        (first..last).collect()
    }

    /// What is shown at position `p` of the rows (a position in `all`), for a row keyed by its
    /// position. A keystroke in a filter changes what is at most positions; a row keyed by position
    /// keeps its elements and sets the text and attributes that differ, where a row keyed by what it
    /// shows would be built anew with its elements, listeners and effects. Scrolling adds and drops
    /// rows at the window's edges, and the rows in between are left alone. A row beyond the view
    /// keeps what it showed, `aria-hidden`, from a change of the rows until the frame showing the change
    /// is painted, and then catches up.
    pub fn slot<T>(&self, all: Memo<Option<Vec<T>>>, p: usize) -> Slot<T>
    where
        T: Clone + PartialEq + Send + Sync + 'static,
    {
        let (in_view, current, shown) = (self.in_view, self.current, self.shown);
        let current = Memo::new(move |_| current.get() || in_view.with(|(a, b)| (*a..*b).contains(&p)));
        let at = RwSignal::new(self.rows.with_untracked(|r| r.get(p).copied()));
        shown.try_update_value(|slots| slots.push((p, at)));
        on_cleanup(move || {
            shown.try_update_value(|slots| slots.retain(|&(_, s)| s != at));
        });
        let item = Memo::new(move |_| at.get().and_then(|i| all.with(|a| a.as_ref()?.get(i).cloned())));
        Slot { item, current }
    }

    /// For the scroller's `on:scroll`.
    pub fn on_scroll(&self) {
        if let Some(el) = self.scroller.get() {
            self.scroll_top.set(el.scroll_top() as f64);
            self.viewport.set((el.client_height() as f64).max(200.0));
        }
    }

    /// The pads' heights, set through the style property: the CSP's `style-src 'self'` blocks a
    /// `style` attribute.
    pub fn top_pad(&self) -> String {
        // Whole pixels: integer formatting, not float (see `text::seconds_tenths`).
        format!("{}px", (self.window.get().0 as f64 * self.row_height.get()).round() as i64)
    }

    pub fn bottom_pad(&self) -> String {
        format!("{}px", (self.len.get().saturating_sub(self.window.get().1) as f64 * self.row_height.get()).round() as i64)
    }
}

/// What the row at position `p` of `rows` (positions in `all`) shows, and whether it is up to date
/// (see [`VirtualRows::slot`]).
pub struct Slot<T: Send + Sync + 'static> {
    pub item: Memo<Option<T>>,
    pub current: Memo<bool>,
}

impl<T: Send + Sync + 'static> Clone for Slot<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Slot<T> {}

impl<T: Send + Sync + 'static> Slot<T> {
    /// The row's class: `stale` while it is not up to date.
    pub fn class(&self, changed: bool) -> &'static str {
        match (self.current.get(), changed) {
            (true, false) => "row",
            (true, true) => "row changed",
            (false, _) => "row stale",
        }
    }

    /// `aria-hidden` while the row is not up to date: no assistive technology reads a row that
    /// shows what was there before. The row is beyond the view then, and catches up as soon as it
    /// scrolls into it. No style depends on it or on `stale`, so neither costs a style recalc.
    pub fn hidden(&self) -> Option<&'static str> {
        (!self.current.get()).then_some("true")
    }
}
