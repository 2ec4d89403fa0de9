//! Code splitting: the pages behind a connection live in chunks of wasm that load when first shown,
//! so opening the console downloads only the shell and the connect page.
//!
//! With the `split` feature (the release build, `scripts/wasm.sh`) each module below holds a
//! `wasm_split` point of a named chunk: `wasm-split-cli` moves the code only that chunk's points
//! reach into `split_<chunk>.wasm`, and code several chunks share into `chunk_<n>.wasm` files, which
//! a point fetches on its first call. Without it (tests, `cargo check`) the points are plain async
//! functions, so the same views run in one module.
//!
//! A point returns a constructor rather than a view, kept once loaded, so a page shown again is
//! built synchronously, and a page shown for the first time can hold what it loaded in a
//! `LocalResource` (whose value must be `Clone`).
use std::future::Future;

use leptos::prelude::*;

use crate::pages::{ActivityPage, AddRunnerPage, FleetPage, GroupNewPage, GroupPage, GroupsPage, PolicyPage, RunnerEventsPage, RunnerPage, RunnersPage, ScopeLayout};
use crate::routes::Place;

/// Builds a page that takes nothing from the route.
pub type Page = fn() -> AnyView;
/// Builds the page of one runner or group, from the id in the route.
pub type PageOf = fn(Option<u64>) -> AnyView;
/// Builds the frame of a scope's pages, from the route it is on.
pub type Layout = fn(Memo<Place>) -> AnyView;

/// The chunk's code could not be fetched or instantiated: the network dropped, or the console was
/// updated on the server and this tab still names the old files.
#[derive(Clone, Debug, PartialEq)]
pub struct ChunkError;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// One split point, as a module `$name` of the chunk `$chunk`: `load` fetches the chunk (once) and
/// returns `$make`; `loaded` is `$make` once that has happened; `preload` only fetches.
macro_rules! split_point {
    ($(#[$doc:meta])* $name:ident in $chunk:ident: $ty:ty = $make:expr) => {
        $(#[$doc])*
        pub mod $name {
            use super::*;

            thread_local! {
                static LOADED: std::cell::Cell<Option<$ty>> = const { std::cell::Cell::new(None) };
            }

            /// The constructor, if the chunk is loaded.
            pub fn loaded() -> Option<$ty> {
                LOADED.with(std::cell::Cell::get)
            }

            /// Fetches the chunk unless it is loaded, and returns the constructor.
            pub async fn load() -> Result<$ty, ChunkError> {
                let make = entry().await?;
                LOADED.with(|slot| slot.set(Some(make)));
                Ok(make)
            }

            #[cfg(feature = "split")]
            #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload))]
            pub fn entry() -> Result<$ty, ChunkError> {
                Ok($make)
            }

            #[cfg(not(feature = "split"))]
            pub async fn entry() -> Result<$ty, ChunkError> {
                Ok($make)
            }

            #[cfg(not(feature = "split"))]
            pub async fn preload() -> Result<(), ChunkError> {
                Ok(())
            }
        }
    };
}

// The chunks group pages that are opened together: a scope's frame with its runners and a runner's
// page (where connecting leads), the group pages, and the pages each opened on their own. Every chunk
// is a file, and code that several chunks use goes in further files that each of them waits for, so
// a split point per page would cost more requests and bytes than it saves (measured: 130 files, and
// 863,864 bytes brotli in all against 642,651 with two chunks).
split_point!(
    /// A scope's frame: its title, tabs and the page below them.
    scope in scope: Layout = |place| view! { <ScopeLayout place=place/> }.into_any()
);
split_point!(runners in scope: Page = || view! { <RunnersPage/> }.into_any());
split_point!(runner in scope: PageOf = |id| view! { <RunnerPage id=id/> }.into_any());
split_point!(groups in groups: Page = || view! { <GroupsPage/> }.into_any());
split_point!(group in groups: PageOf = |id| view! { <GroupPage id=id/> }.into_any());
split_point!(new_group in groups: Page = || view! { <GroupNewPage/> }.into_any());
split_point!(add_runner in add_runner: Page = || view! { <AddRunnerPage/> }.into_any());
split_point!(fleet in fleet: Page = || view! { <FleetPage/> }.into_any());
split_point!(policy in audit_and_policy: Page = || view! { <PolicyPage/> }.into_any());
split_point!(runner_events in audit_and_policy: Page = || view! { <RunnerEventsPage/> }.into_any());
split_point!(activity in activity: Page = || view! { <ActivityPage/> }.into_any());

/// Starts fetching a chunk without waiting for it. A failure is not kept: the page that needs the
/// chunk tries again and says so if that fails too.
pub fn preload<Fut, E>(load: fn() -> Fut)
where
    Fut: Future<Output = Result<(), E>> + 'static,
{
    leptos::task::spawn_local(async move {
        let _ = load().await;
    });
}

/// What a chunk's constructor builds: at once if the chunk is loaded; otherwise once `load` has
/// fetched it, with a status line until then and, if it fails, a message saying what to do and a
/// retry.
pub fn show<T, Fut>(loaded: fn() -> Option<T>, load: fn() -> Fut, render: impl Fn(T) -> AnyView + Send + Sync + 'static) -> AnyView
where
    T: Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, ChunkError>> + 'static,
{
    if let Some(make) = loaded() {
        return render(make);
    }
    let code = LocalResource::new(load);
    (move || match code.get() {
        None => view! { <p class="hint" role="status">"Loading this page…"</p> }.into_any(),
        Some(Ok(make)) => render(make),
        Some(Err(ChunkError)) => view! {
            <div class="error" role="alert">
                <p>
                    "This page's code could not be loaded: the network may have dropped, or the console "
                    "was updated on its server since this tab opened it. Try again, or reload the page."
                </p>
                <button type="button" on:click=move |_| code.refetch()>"Try again"</button>
            </div>
        }
        .into_any(),
    })
    .into_any()
}
