//! The runners' versions, in a panel that opens on request: how many run each version, the newest,
//! how far the others are behind the release the server offers, each a click into the list (runners
//! on it, or older than it); or why this server says nothing of versions.
use leptos::prelude::*;

use super::SetQuery;
use crate::data::{offered_runner_release, PageApi};
use crate::github::redact::clip;
use crate::github::{ApiError, Scope};
use crate::session::Session;
use crate::versions::{behind, explanation, Breakdown, RunnerVersion, VersionFilter, VersionPick};

/// What the downloads endpoint said: `None` until the panel is first opened.
type Offer = Option<Result<Option<RunnerVersion>, ApiError>>;

#[component]
pub fn VersionsPanel(
    /// The count per version of the runners loaded; `None` until they are.
    #[prop(into)]
    breakdown: Signal<Option<Breakdown>>,
    #[prop(into)] filter: Signal<VersionFilter>,
    /// Whose downloads name the release to compare with.
    scope: Scope,
    api: PageApi,
    set_query: SetQuery,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let server = Memo::new(move |_| session.connection.with(|c| c.as_ref().and_then(|c| c.identity.as_ref()).map(|i| i.server.clone())));
    let explained = Memo::new(move |_| breakdown.with(|b| b.as_ref().and_then(|b| server.with(|s| explanation(s.as_ref(), b)))));
    // The offered release costs one request: read once, when the panel is first opened.
    let opened = RwSignal::new(false);
    let scope = StoredValue::new(scope);
    let offer = LocalResource::new(move || {
        let wanted = opened.get() && explained.with(Option::is_none);
        let client = api.client();
        let scope = scope.get_value();
        async move {
            if !wanted {
                return None;
            }
            Some(match client {
                Ok(client) => offered_runner_release(&client, &scope).await,
                Err(e) => Err(e),
            })
        }
    });
    let offer = Memo::new(move |_| offer.get().flatten() as Offer);
    // What "behind" is measured against: the offered release, else the newest version a runner has.
    let reference = Memo::new(move |_| offer.with(|o| o.as_ref().and_then(|o| o.as_ref().ok().copied().flatten())).or_else(|| breakdown.with(|b| b.as_ref().and_then(Breakdown::newest))));

    let show_on = move |pick: VersionPick| {
        set_query.run(("older_than", None));
        set_query.run(("version", Some(pick.query_value())));
    };
    let show_older = move |v: RunnerVersion| {
        set_query.run(("version", None));
        set_query.run(("older_than", Some(v.to_string())));
    };

    let summary = move || match explained.get() {
        Some(_) => "Runner versions: not reported by this server",
        None => "Runner versions",
    };
    let offer_line = move || {
        let newest = breakdown.with(|b| b.as_ref().and_then(Breakdown::newest));
        let fallback = |why: String| match newest {
            Some(n) => format!("{why}; compared with the newest version a runner reports, {n}."),
            None => format!("{why}."),
        };
        match offer.get() {
            None => "Reading the release this server offers…".to_string(),
            Some(Ok(Some(v))) => format!("Latest release offered by this server: {v}"),
            Some(Ok(None)) => fallback("This server's runner downloads name no release Runnerdeck can read".into()),
            Some(Err(e)) => fallback(format!("The release this server offers could not be read ({e})")),
        }
    };
    let behind_line = move || {
        let r = reference.get()?;
        let (older, total) = breakdown.with(|b| b.as_ref().map(|b| (b.older_than(r), b.total)))?;
        Some(view! {
            <p data-testid="versions-behind">
                {format!("{older} of {total} runners are on a version older than {r}. ")}
                <button type="button" class="link" data-testid="versions-show-behind" disabled=older == 0 on:click=move |_| show_older(r)>
                    {format!("Show the {older} runners older than {r}")}
                </button>
            </p>
        })
    };

    view! {
        <Show when=move || breakdown.with(Option::is_some)>
            <details class="panel inset versions-panel" data-testid="versions-panel" on:toggle:target=move |ev| if ev.target().open() { opened.set(true) }>
                <summary data-testid="versions-toggle">{summary}</summary>
                {move || match explained.get() {
                    Some(why) => view! { <p class="hint" data-testid="versions-unavailable">{why}</p> }.into_any(),
                    None => view! {
                        <p data-testid="versions-latest" role="status">{offer_line}</p>
                        <p data-testid="versions-newest">{move || match breakdown.with(|b| b.as_ref().and_then(Breakdown::newest)) {
                            Some(n) => format!("Newest version a runner reports: {n}"),
                            None => "No runner reports a version Runnerdeck can read.".to_string(),
                        }}</p>
                        {behind_line}
                        <div class="versions-table-wrap">
                            <VersionTable breakdown=breakdown reference=reference filter=filter show_on=Callback::new(show_on) show_older=Callback::new(show_older) />
                        </div>
                    }.into_any(),
                }}
            </details>
        </Show>
    }
}

/// One row per version, newest first, then the versions that cannot be read, then the runners that report none.
#[component]
fn VersionTable(
    breakdown: Signal<Option<Breakdown>>,
    reference: Memo<Option<RunnerVersion>>,
    filter: Signal<VersionFilter>,
    show_on: Callback<VersionPick>,
    show_older: Callback<RunnerVersion>,
) -> impl IntoView {
    let on_pressed = move |pick: VersionPick| move || filter.with(|f| f.on.as_ref() == Some(&pick)).to_string();
    let rows = move || {
        let Some(b) = breakdown.get() else { return vec![] };
        let r = reference.get();
        let mut rows = Vec::new();
        for (v, n) in b.versions.iter().copied() {
            let older = b.older_than(v);
            let far = r.map(|r| behind(v, r).describe(r)).unwrap_or_default();
            let pick = VersionPick::Exactly(v.to_string());
            rows.push(
                view! {
                    <tr data-testid="version-row" data-kind="version" data-version=v.to_string()>
                        <th scope="row" data-testid="version-name">{v.to_string()}</th>
                        <td data-testid="version-count">{n}</td>
                        <td data-testid="version-behind">{far}</td>
                        <td><span class="version-actions">
                            <button type="button" class="link" data-testid="version-only" aria-pressed=on_pressed(pick.clone()) on:click=move |_| show_on.run(pick.clone())>
                                {format!("Runners on {v}")}
                            </button>
                            <button type="button" class="link" data-testid="version-older" disabled=older == 0
                                aria-pressed=move || filter.with(|f| f.older_than == Some(v)).to_string() on:click=move |_| show_older.run(v)>
                                {format!("Older than {v} ({older})")}
                            </button>
                        </span></td>
                    </tr>
                }
                .into_any(),
            );
        }
        for (text, n) in b.unknown.iter().cloned() {
            let shown = if text.trim().is_empty() { "(empty)".to_string() } else { clip(&text, 40) };
            let pick = (!text.trim().is_empty()).then(|| VersionPick::Exactly(text.clone()));
            rows.push(
                view! {
                    <tr data-testid="version-row" data-kind="unknown" data-version=text.clone()>
                        <th scope="row" data-testid="version-name"><bdi>{shown.clone()}</bdi></th>
                        <td data-testid="version-count">{n}</td>
                        <td data-testid="version-behind">"unknown"</td>
                        <td><span class="version-actions">
                            {pick.map(|pick| view! {
                                <button type="button" class="link" data-testid="version-only" aria-pressed=on_pressed(pick.clone()) on:click=move |_| show_on.run(pick.clone())>
                                    {format!("Runners on “{shown}”")}
                                </button>
                            })}
                        </span></td>
                    </tr>
                }
                .into_any(),
            );
        }
        if b.not_reported > 0 {
            rows.push(
                view! {
                    <tr data-testid="version-row" data-kind="not-reported">
                        <th scope="row" data-testid="version-name">"not reported"</th>
                        <td data-testid="version-count">{b.not_reported}</td>
                        <td data-testid="version-behind">"unknown (never connected)"</td>
                        <td><span class="version-actions">
                            <button type="button" class="link" data-testid="version-only" aria-pressed=on_pressed(VersionPick::NotReported)
                                on:click=move |_| show_on.run(VersionPick::NotReported)>"Runners that report no version"</button>
                        </span></td>
                    </tr>
                }
                .into_any(),
            );
        }
        rows
    };
    view! {
        <table class="breakdown versions" data-testid="versions-table">
            <caption>"Runners per version"</caption>
            <thead>
                <tr><th scope="col">"Version"</th><th scope="col">"Runners"</th><th scope="col">"How far behind"</th><th scope="col">"Show"</th></tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
