//! Code splitting: the pages behind a connection live in chunks of wasm that load when first shown,
//! so opening the console downloads only the shell and the connect page.
//!
//! With the `split` feature (the release build, `scripts/wasm.sh`) each entry below is a
//! `wasm_split` point: `wasm-split-cli` moves the code only it reaches into its own `.wasm`, which
//! the entry fetches on first call. Without it (tests, `cargo check`) the entries are plain async
//! functions, so the same views run in one module.
//!
//! An entry returns a constructor rather than a view, so a page can hold what it loaded in a
//! `LocalResource` (whose value must be `Clone`) and build its view synchronously from it.
use std::future::Future;

use leptos::prelude::*;

use crate::routes::Place;

/// Builds a page of a scope from the route it is on.
pub type ScopePage = fn(Memo<Place>) -> AnyView;
/// Builds a page that takes nothing.
pub type PlainPage = fn() -> AnyView;

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

/// One split point: `$entry` returns `$make` once the chunk `$chunk` is loaded; `$preload` only
/// loads it.
macro_rules! split_point {
    ($chunk:ident, $entry:ident, $preload:ident, $ty:ty, $make:path) => {
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
        pub fn $entry() -> Result<$ty, ChunkError> {
            Ok($make)
        }

        #[cfg(not(feature = "split"))]
        pub async fn $entry() -> Result<$ty, ChunkError> {
            Ok($make)
        }

        #[cfg(not(feature = "split"))]
        pub async fn $preload() -> Result<(), ChunkError> {
            Ok(())
        }
    };
}

fn scope_page(place: Memo<Place>) -> AnyView {
    view! { <crate::pages::ScopeLayout place=place/> }.into_any()
}

fn activity_page() -> AnyView {
    view! { <crate::pages::ActivityPage/> }.into_any()
}

split_point!(scope, scope, preload_scope, ScopePage, scope_page);
split_point!(activity, activity, preload_activity, PlainPage, activity_page);

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

/// Shows what a chunk's constructor builds, once `load` has fetched the chunk; until then a status
/// line, and if it fails a message saying what to do, with a retry.
#[component]
pub fn Chunk<T, Fut, R>(load: fn() -> Fut, render: R) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, ChunkError>> + 'static,
    R: Fn(T) -> AnyView + Send + Sync + 'static,
{
    let code = LocalResource::new(load);
    move || match code.get() {
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
    }
}
