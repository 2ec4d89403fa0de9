//! What pages ask for, over `github/`: loaders, the client a page may use, and the write queue.
pub mod activity;
pub mod audit;
pub mod drain;
pub mod fleet_memory;
pub mod fleet_scan;
pub mod fleet_store;
pub mod jobs;
pub mod lifecycle;
pub mod list_views;
pub mod loaders;
pub mod member_list;
pub mod pace;
pub mod policy;
pub mod queue;
pub mod toasts;
pub mod write_action;
pub mod writes;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::github::models::Runner;
use crate::github::{ApiError, Client};
use crate::session::Session;

pub use activity::{Activity, Entry};
pub use fleet_memory::FleetScans;
pub use jobs::{JobSpec, JobView, Jobs, Undo};
pub use list_views::ListViews;
pub use loaders::*;
pub use member_list::MemberList;
pub use pace::Pace;
pub use toasts::Toasts;
pub use write_action::{write_action, write_action_toasting, WriteAction};
pub use writes::{Answer, Effect, Write, WriteOp};

/// A group's two member lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Who may use the group: organizations (enterprise groups) or repositories (org groups).
    Access,
    Runners,
}

/// One entry of a group's access list or runners.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub id: u64,
    pub name: String,
    pub detail: String,
    pub runner: Option<Runner>,
}

/// Something to pick by name: an organization, a repository or a runner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickItem {
    pub id: u64,
    pub name: String,
    /// A second line: visibility, current group, status.
    pub detail: String,
}

/// The client as one page may use it: every request it sends stops when the page unmounts.
///
/// Loaders track only *which* connection is current (its id), so an identity update does not
/// refetch every resource on the page.
#[derive(Clone, Copy)]
pub struct PageApi {
    session: Session,
    connection: Memo<Option<u64>>,
    signal: StoredValue<Option<web_sys::AbortSignal>, LocalStorage>,
}

/// Makes what runs now depend on `memo`, as `track` does, and brings the memo up to date, as `track`
/// does not. A memo only tracked was never computed; the first time anything checks whether it
/// changed, it computes and answers that it did. A loader that had only tracked it then runs again:
/// the runners page loaded its whole list a second time on the first keystroke after a load.
pub fn depend_on(memo: &impl With) {
    memo.with(|_| ());
}

impl PageApi {
    /// For the page being built now; its requests are aborted when this owner is cleaned up.
    pub fn new() -> PageApi {
        let session = expect_context::<Session>();
        let controller = web_sys::AbortController::new().ok();
        let signal = StoredValue::new_local(controller.as_ref().map(|c| c.signal()));
        let controller = SendWrapper::new(controller);
        on_cleanup(move || {
            if let Some(c) = controller.take() {
                c.abort();
            }
        });
        let connection = Memo::new(move |_| session.connection.with(|c| c.as_ref().map(|c| c.client.id())));
        PageApi { session, connection, signal }
    }

    /// The page's client, tracking the connection. Call it before the first `.await` of a loader.
    pub fn client(&self) -> Result<Client, ApiError> {
        depend_on(&self.connection);
        self.client_untracked()
    }

    /// The client for writes: not tied to the page, so a write that was sent is never cut off
    /// half-way by navigation; it finishes and lands in the activity log.
    pub fn write_client(&self) -> Result<Client, ApiError> {
        self.session.client_untracked().ok_or(ApiError::NotConnected)
    }

    /// The page's client without tracking, for event handlers.
    pub fn client_untracked(&self) -> Result<Client, ApiError> {
        let client = self.session.client_untracked().ok_or(ApiError::NotConnected)?;
        Ok(match self.signal.try_with_value(|s| s.clone()).flatten() {
            Some(signal) => client.with_abort(&signal),
            None => client,
        })
    }
}

impl Default for PageApi {
    fn default() -> Self {
        PageApi::new()
    }
}
