//! The fleet scan's controls: which organizations (found or typed), whether repositories are read,
//! what the scan will cost against the rate limit left, its progress per phase with Cancel, what it
//! cost, the scopes it could not read, and the opt-in copy kept in this browser.
use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::persist;
use crate::components::ProgressBar;
use crate::data::fleet_memory::FleetMemory;
use crate::data::fleet_scan::{list_repos, scan, Phase, Plan, ScopeFailure};
use crate::data::{fleet_store, Activity, FleetScans, PageApi};
use crate::github::discovery::OrgSource;
use crate::github::error::clock;
use crate::github::models::RateLimitOverview;
use crate::github::request as ops;
use crate::github::{ApiError, Client};
use crate::text::thousands;

/// Scopes read at once: GitHub serves HTTP/2, so this many requests share one connection.
const CONCURRENCY: usize = 8;

/// What the rate limit leaves, in a sentence, and whether the scan fits in it.
fn rate_sentence(rate: &Option<Result<RateLimitOverview, ApiError>>, estimate: u32) -> (String, bool) {
    match rate {
        None => ("Reading the rate limit…".into(), false),
        Some(Err(ApiError::NotFound { .. })) => ("Rate limiting is off on this server: the scan is held back only by its own pace.".into(), false),
        Some(Err(e)) => (format!("The rate limit could not be read ({e}); GitHub will say if the scan runs into it, and the scan will wait."), false),
        Some(Ok(o)) => {
            let core = o.resources.core;
            let when = clock(core.reset);
            if u64::from(estimate) > core.remaining {
                (
                    format!(
                        "GitHub allows {} more requests until {when}: fewer than this scan needs. It will wait for the limit to reset, and say so while it waits.",
                        thousands(core.remaining as usize)
                    ),
                    true,
                )
            } else {
                (format!("GitHub allows {} more requests until {when} (of {} an hour).", thousands(core.remaining as usize), thousands(core.limit as usize)), false)
            }
        }
    }
}

fn source_note(source: &OrgSource, count: usize, hidden: usize) -> String {
    let mut note = match source {
        OrgSource::Instance => format!("Found {count} organizations on this server (GET /organizations)."),
        OrgSource::Enterprise => format!("Found {count} organizations in the enterprise (GraphQL)."),
        OrgSource::Membership { why } => format!("{why} Listed instead the {count} organizations your token's user belongs to (GET /user/orgs); add any that are missing."),
    };
    if hidden > 0 {
        note.push_str(&format!(" GitHub left out {hidden} organizations that enforce SAML single sign-on: authorize the token for them, then find organizations again."));
    }
    note
}

#[component]
pub fn ScanPanel(slug: String, key: Memo<String>, api: PageApi) -> impl IntoView {
    let scans = expect_context::<FleetScans>();
    let activity = expect_context::<Activity>();
    let memory = Memo::new(move |_| scans.get(&key.get()));
    let update = move |f: Box<dyn FnOnce(&mut FleetMemory)>| scans.update(&key.get_untracked(), f);
    let phases = RwSignal::new(Vec::<(Phase, u32, u32)>::new());
    let running = RwSignal::new(false);
    let busy_note = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let keep = RwSignal::new(persist::keep());
    let store_note = RwSignal::new(None::<String>);
    // The scan's own abort, also fired when the page goes.
    let controller = StoredValue::new_local(None::<web_sys::AbortController>);
    let abort_on_leave = SendWrapper::new(controller);
    on_cleanup(move || {
        if let Some(Some(c)) = abort_on_leave.try_with_value(|c| c.clone()) {
            c.abort();
        }
    });
    let fresh_client = move || -> Result<Client, ApiError> {
        let ctrl = web_sys::AbortController::new().map_err(|_| ApiError::Aborted)?;
        let client = api.write_client()?.with_abort(&ctrl.signal());
        controller.set_value(Some(ctrl));
        Ok(client)
    };

    let rate = LocalResource::new(move || {
        let client = api.client();
        memory.with(|m| m.scanned.as_ref().map(|s| s.finished_ms));
        async move { client?.send(ops::get_rate_limit()).await }
    });
    let plan = Memo::new(move |_| {
        memory.with(|m| Plan { enterprise: String::new(), orgs: m.orgs(), repos: if m.include_repos { m.repos.clone().unwrap_or_default() } else { vec![] }, concurrency: CONCURRENCY })
    });
    let estimate = Memo::new(move |_| plan.with(|p| memory.with(|m| p.estimate(m.scanned.as_ref()))));

    let slug_d = slug.clone();
    let discover = move || {
        let Ok(client) = fresh_client() else { return };
        let slug = slug_d.clone();
        running.set(true);
        busy_note.set(Some("Finding the enterprise's organizations…".into()));
        leptos::task::spawn_local(async move {
            let found = client.enterprise_org_logins(&slug).await;
            running.try_set(false);
            busy_note.try_set(None);
            match found {
                Ok(d) => {
                    let note = source_note(&d.source, d.orgs.len(), d.hidden_by_sso.len());
                    let text = d.orgs.join("\n");
                    update(Box::new(move |m| {
                        m.orgs_text = text;
                        m.discovery_note = Some(note);
                        m.repos = None;
                    }));
                    error.try_set(None);
                }
                Err(ApiError::Aborted) => {}
                Err(e) => {
                    error.try_set(Some(format!("The organizations could not be found: {e} Type them in the list instead.")));
                }
            }
        });
    };
    let discover = StoredValue::new(discover);
    // The first visit finds the organizations by itself: one request per 100.
    if memory.with_untracked(|m| m.orgs_text.is_empty() && m.scanned.is_none()) && !persist::keep() {
        discover.with_value(|d| d());
    }

    let list_repositories = move || {
        let Ok(client) = fresh_client() else { return };
        let orgs = memory.with_untracked(FleetMemory::orgs);
        running.set(true);
        phases.set(vec![]);
        busy_note.set(Some(format!("Listing the repositories of {} organizations…", orgs.len())));
        leptos::task::spawn_local(async move {
            let listed = list_repos(&client, &orgs, CONCURRENCY, &|d, t| {
                busy_note.try_set(Some(format!("Listing the repositories of {t} organizations: {d} done…")));
            })
            .await;
            running.try_set(false);
            busy_note.try_set(None);
            if let Ok((repos, failures)) = listed {
                update(Box::new(move |m| {
                    m.repos = Some(repos);
                    m.repo_failures = failures;
                }));
            }
        });
    };
    let list_repositories = StoredValue::new(list_repositories);

    let slug_s = slug.clone();
    let start_scan = move || {
        let Ok(client) = fresh_client() else { return };
        let mut plan = plan.get_untracked();
        plan.enterprise = slug_s.clone();
        let seq = activity.seq_untracked();
        let key_now = key.get_untracked();
        running.set(true);
        error.set(None);
        phases.set(vec![]);
        let progress: Rc<dyn Fn(Phase, u32, u32)> = Rc::new(move |phase, done, total| {
            phases.try_update(|p| match p.iter_mut().find(|x| x.0 == phase) {
                Some(x) => *x = (phase, done, total),
                None => p.push((phase, done, total)),
            });
        });
        leptos::task::spawn_local(async move {
            let result = scan(&client, &plan, progress).await;
            running.try_set(false);
            match result {
                Ok(scanned) => {
                    scans.update(&key_now, move |m| {
                        m.scanned = Some(scanned);
                        m.seq = seq;
                        m.restored = false;
                    });
                    if keep.try_get_untracked() == Some(true) {
                        let memory = scans.get_untracked(&key_now);
                        let saved = persist::save(&key_now, &memory, &client).await;
                        store_note.try_set(saved.err());
                    }
                }
                Err(ApiError::Aborted) => {
                    error.try_set(Some("The scan was cancelled; the table shows the last complete scan, if any.".into()));
                }
                Err(e) => {
                    error.try_set(Some(format!("The scan stopped: {e}")));
                }
            }
        });
    };
    let start_scan = StoredValue::new(start_scan);
    let cancel = move |_| {
        if let Some(c) = controller.get_value() {
            c.abort();
        }
    };

    // A saved scan opens at once, then is revalidated with its ETags.
    if keep.get_untracked() && memory.with_untracked(|m| m.scanned.is_none()) {
        let key_now = key.get_untracked();
        if let Ok(client) = api.write_client() {
            leptos::task::spawn_local(async move {
                match persist::load(&key_now).await {
                    Ok(Some((saved, at))) => {
                        client.prime_etags(saved.etags);
                        scans.update(&key_now, move |m| {
                            m.orgs_text = saved.orgs_text;
                            m.include_repos = saved.include_repos;
                            m.repos = saved.repos;
                            m.repo_failures = saved.repo_failures;
                            m.scanned = Some(saved.scanned);
                            m.restored = true;
                        });
                        let minutes = ((js_sys::Date::now() - at) / 60_000.0).max(0.0).round();
                        store_note.try_set(Some(format!("Opened the scan saved in this browser {minutes} minutes ago; refreshing it with ETags.")));
                        if running.try_get_untracked() == Some(false) {
                            let _ = start_scan.try_with_value(|s| s());
                        }
                    }
                    Ok(None) => {
                        let _ = discover.try_with_value(|d| d());
                    }
                    Err(e) => {
                        store_note.try_set(Some(e));
                    }
                }
            });
        }
    }

    let forget = move |_| {
        let key_now = key.get_untracked();
        leptos::task::spawn_local(async move {
            let done = fleet_store::forget(&key_now).await;
            store_note.try_set(Some(match done {
                Ok(()) => "Forgotten: nothing of this fleet is kept in this browser.".into(),
                Err(e) => e,
            }));
        });
    };
    let toggle_keep = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        keep.set(on);
        persist::set_keep(on);
        let key_now = key.get_untracked();
        let memory = scans.get_untracked(&key_now);
        let Ok(client) = api.write_client() else { return };
        leptos::task::spawn_local(async move {
            let result = if on {
                persist::save(&key_now, &memory, &client).await.map(|_| "Kept: the next visit opens this scan at once.".to_string())
            } else {
                fleet_store::forget(&key_now).await.map(|_| "Not kept: nothing of this fleet stays in this browser.".to_string())
            };
            store_note.try_set(Some(result.unwrap_or_else(|e| e)));
        });
    };

    let summary = move || {
        memory.with(|m| {
            m.scanned.as_ref().map(|s| {
                let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(s.finished_ms));
                let at = format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds());
                let from = if m.restored { " (saved in this browser)" } else { "" };
                format!(
                    "Scanned at {at}{from}: {} organizations, {} repositories, in {:.1} s. It cost {} requests, {} of them free (304 Not Modified, which do not count against the rate limit).",
                    thousands(s.orgs),
                    thousands(s.repos),
                    s.wall_ms / 1000.0,
                    thousands(s.requests as usize),
                    thousands(s.not_modified as usize)
                )
            })
        })
    };
    let failures = move || memory.with(|m| m.scanned.as_ref().map(|s| s.failures.clone()).unwrap_or_default().into_iter().chain(m.repo_failures.clone()).collect::<Vec<ScopeFailure>>());

    view! {
        <section class="scan-panel" aria-labelledby="scan-title" data-testid="scan-panel">
            <h2 id="scan-title">"Scan the fleet"</h2>
            <div class="scan-orgs">
                <label>
                    "Organizations to include, one per line"
                    <textarea rows="4" data-testid="fleet-orgs" prop:value=move || memory.with(|m| m.orgs_text.clone())
                        on:input:target=move |ev| {
                            let text = ev.target().value();
                            update(Box::new(move |m| {
                                m.orgs_text = text;
                                m.repos = None;
                            }));
                        }></textarea>
                </label>
                <button type="button" data-testid="fleet-discover" disabled=move || running.get() on:click=move |_| discover.with_value(|d| d())>"Find organizations"</button>
            </div>
            {move || memory.with(|m| m.discovery_note.clone()).map(|n| view! { <p class="hint" data-testid="fleet-discovery-note">{n}</p> })}
            <label class="check">
                <input type="checkbox" data-testid="fleet-include-repos" prop:checked=move || memory.with(|m| m.include_repos)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        update(Box::new(move |m| m.include_repos = on));
                        if on && memory.with_untracked(|m| m.repos.is_none()) {
                            list_repositories.with_value(|l| l());
                        }
                    } />
                "Include every repository's runners (one request per repository)"
            </label>
            <p data-testid="fleet-estimate" aria-live="polite">
                {move || {
                    let orgs = plan.with(|p| p.orgs.len());
                    let repos = memory.with(|m| if m.include_repos { m.repos.as_ref().map(Vec::len) } else { Some(0) });
                    match repos {
                        None => "Listing the repositories first…".to_string(),
                        Some(0) => format!("The enterprise and {} organizations: about {} requests.", thousands(orgs), thousands(estimate.get() as usize)),
                        Some(r) => format!("{} organizations, {} repositories: about {} requests.", thousands(orgs), thousands(r), thousands(estimate.get() as usize)),
                    }
                }}
            </p>
            <p data-testid="fleet-rate" class=move || if rate_sentence(&rate.get(), estimate.get()).1 { "warning" } else { "hint" }>
                {move || rate_sentence(&rate.get(), estimate.get()).0}
            </p>
            <div class="scan-actions">
                <button type="button" class="primary" data-testid="fleet-scan" disabled=move || running.get()
                    on:click=move |_| start_scan.with_value(|s| s())>
                    {move || if memory.with(|m| m.scanned.is_some()) { "Rescan" } else { "Scan" }}
                </button>
                <Show when=move || running.get()>
                    <button type="button" data-testid="fleet-cancel" on:click=cancel>"Cancel"</button>
                </Show>
            </div>
            {move || busy_note.get().map(|n| view! { <p class="hint" role="status" data-testid="fleet-busy">{n}</p> })}
            <Show when=move || running.get() && phases.with(|p| !p.is_empty())>
                <div class="scan-phases" data-testid="fleet-phases">
                    {move || phases.get().into_iter().map(|(phase, done, total)| view! {
                        <div class="scan-phase" role="group" aria-label=phase.title() data-testid="fleet-phase">
                            <span>{phase.title()}</span>
                            <ProgressBar done=Signal::derive(move || done) total=Signal::derive(move || total) unit="scopes" />
                        </div>
                    }).collect_view()}
                </div>
            </Show>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="fleet-error">{e}</p> })}
            {move || summary().map(|s| view! { <p class="hint" data-testid="fleet-cost">{s}</p> })}
            {move || {
                let list = failures();
                (!list.is_empty()).then(|| view! {
                    <details class="warning" data-testid="fleet-failures">
                        <summary>{format!("{} scopes could not be read; their runners are not in the table", list.len())}</summary>
                        <ul>
                            {list.into_iter().map(|f| view! {
                                <li>
                                    <strong>{f.scope.to_string()}</strong>": "{f.message.clone()}
                                    {f.sso_url.clone().map(|u| view! { " " <a href=u target="_blank" rel="noopener noreferrer">"Authorize the token for SAML SSO"</a> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </details>
                })
            }}
            <div class="scan-keep">
                <label class="check">
                    <input type="checkbox" data-testid="fleet-keep" prop:checked=keep on:change=toggle_keep disabled=!fleet_store::available() />
                    "Keep the last scan in this browser (runner data only, never the token)"
                </label>
                <button type="button" data-testid="fleet-forget" aria-label="Forget the scan kept in this browser" on:click=forget>"Forget"</button>
                {move || store_note.get().map(|n| view! { <span class="hint" role="status" data-testid="fleet-store-note">{n}</span> })}
            </div>
        </section>
    }
}
