//! Short confirmations of completed writes whose page has gone (a deleted runner or group), shown
//! by the shell so they survive the navigation.
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<(u64, String)>>,
    next: StoredValue<u64>,
}

/// How long a toast stays unless dismissed.
const SHOWN_MS: u32 = 10_000;

impl Toasts {
    pub fn new() -> Self {
        Toasts { list: RwSignal::new(Vec::new()), next: StoredValue::new(0) }
    }

    /// Safe to call after an `.await`: once the app is gone it does nothing.
    pub fn show(&self, text: impl Into<String>) {
        let Some(id) = self.next.try_get_value() else { return };
        self.next.try_set_value(id + 1);
        self.list.try_update(|l| l.push((id, text.into())));
        let list = self.list;
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(SHOWN_MS).await;
            // The app may be gone by now.
            list.try_update(|l| l.retain(|(i, _)| *i != id));
        });
    }

    pub fn dismiss(&self, id: u64) {
        self.list.update(|l| l.retain(|(i, _)| *i != id));
    }

    pub fn current(&self) -> Vec<(u64, String)> {
        self.list.get()
    }
}

impl Default for Toasts {
    fn default() -> Self {
        Self::new()
    }
}
