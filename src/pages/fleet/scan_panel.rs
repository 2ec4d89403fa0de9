//! The fleet scan's controls: which organizations (found or typed), whether repositories are read,
//! what the scan will cost against the rate limit left, its progress per phase with Cancel, what it
//! cost, the scopes it could not read, and the opt-in copy kept in this browser.
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::persist;
use super::report::{rate_sentence, source_note, ScanReport};
use crate::components::ProgressBar;
use crate::data::fleet_memory::{FleetMemory, SharedScan};
use crate::data::fleet_scan::{list_repos, scan, Phase, Plan};
use crate::data::{fleet_store, Activity, FleetScans, PageApi};
use crate::github::request as ops;
use crate::github::{ApiError, Client};
use crate::text::thousands;

/// Scopes read at once: GitHub serves HTTP/2, so this many requests share one connection.
const CONCURRENCY: usize = 8;

#[component]
pub fn ScanPanel(slug: String, key: Memo<String>, memory: Memo<FleetMemory>, api: PageApi) -> impl IntoView {
    let scans = expect_context::<FleetScans>();
    let activity = expect_context::<Activity>();
    // Also called after an `.await`, when the page (and its key) may be gone: then nothing is kept.
    let update = move |f: Box<dyn FnOnce(&mut FleetMemory)>| {
        if let Some(key) = key.try_get_untracked() {
            scans.update(&key, f);
        }
    };
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

    // Read again after each scan, never on a keystroke.
    let finished = Memo::new(move |_| memory.with(|m| m.scanned.as_ref().map(|s| s.finished_ms)));
    let rate = LocalResource::new(move || {
        let client = api.client();
        crate::data::depend_on(&finished);
        async move { client?.send(ops::get_rate_limit()).await }
    });
    let plan = {
        let slug = slug.clone();
        Memo::new(move |_| {
            memory.with(|m| Plan { enterprise: slug.clone(), orgs: m.orgs(), repos: if m.include_repos { m.repos.clone().unwrap_or_default() } else { vec![] }, concurrency: CONCURRENCY })
        })
    };
    let scanned = Memo::new(move |_| memory.with(|m| m.scanned.clone()));
    let per_scope = Memo::new(move |_| scanned.with(|s| s.as_ref().map(|s| s.runners_per_scope()).unwrap_or_default()));
    let estimate = Memo::new(move |_| plan.with(|p| per_scope.with(|c| p.estimate(c))));

    let slug_d = slug.clone();
    // One operation at a time: a second would take over the first one's Cancel.
    let discover = move || {
        if running.get_untracked() {
            return;
        }
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
                    let note = source_note(&d.source, d.orgs.len(), d.hidden_by_sso.len(), d.unnamed);
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
        if running.get_untracked() {
            return;
        }
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

    let start_scan = move || {
        if running.get_untracked() {
            return;
        }
        let Ok(client) = fresh_client() else { return };
        let plan = plan.get_untracked();
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
                        m.scanned = Some(SharedScan(Arc::new(scanned)));
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
                            m.scanned = Some(SharedScan(Arc::new(saved.scanned)));
                            m.saved_ms = Some(at);
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

    // The choice is one for the browser, so forgetting wipes every saved scan and ends keeping.
    let forget = move |_| {
        keep.set(false);
        persist::set_keep(false);
        leptos::task::spawn_local(async move {
            let done = fleet_store::forget_all().await;
            store_note.try_set(Some(match done {
                Ok(()) => "Forgotten: no fleet scan is kept in this browser, and none will be until you tick Keep again.".into(),
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
                fleet_store::forget_all().await.map(|_| "Not kept: no fleet scan stays in this browser.".to_string())
            };
            store_note.try_set(Some(result.unwrap_or_else(|e| e)));
        });
    };

    view! {
        <section class="scan-panel" aria-labelledby="scan-title" data-testid="scan-panel">
            <h2 id="scan-title">"Scan the fleet"</h2>
            <div class="scan-orgs">
                <label>
                    "Organizations to include, one per line"
                    <textarea rows="4" data-testid="fleet-orgs" prop:disabled=move || running.get() prop:value=move || memory.with(|m| m.orgs_text.clone())
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
                <input type="checkbox" data-testid="fleet-include-repos" prop:disabled=move || running.get() prop:checked=move || memory.with(|m| m.include_repos)
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
                        None if running.get() => "Listing the repositories first…".to_string(),
                        None => "The repositories of these organizations are not listed yet: list them to see what the scan will cost.".to_string(),
                        Some(0) => format!("The enterprise and {} organizations: about {} requests.", thousands(orgs), thousands(estimate.get() as usize)),
                        Some(r) => format!("{} organizations, {} repositories: about {} requests.", thousands(orgs), thousands(r), thousands(estimate.get() as usize)),
                    }
                }}
            </p>
            <Show when=move || !running.get() && memory.with(|m| m.include_repos && m.repos.is_none())>
                <button type="button" data-testid="fleet-list-repos" on:click=move |_| list_repositories.with_value(|l| l())>"List the repositories"</button>
            </Show>
            <p data-testid="fleet-rate" class=move || if rate_sentence(&rate.get(), estimate.get()).1 { "warning" } else { "hint" }>
                {move || rate_sentence(&rate.get(), estimate.get()).0}
            </p>
            <div class="scan-actions">
                <button type="button" class="primary" data-testid="fleet-scan" disabled=move || running.get() || memory.with(|m| m.include_repos && m.repos.is_none())
                    on:click=move |_| start_scan.with_value(|s| s())>
                    {move || if memory.with(|m| m.scanned.is_some()) { "Rescan" } else { "Scan" }}
                </button>
                <Show when=move || running.get()>
                    <button type="button" data-testid="fleet-cancel" on:click=cancel>"Cancel the scan"</button>
                </Show>
            </div>
            {move || busy_note.get().map(|n| view! { <p class="hint" role="status" data-testid="fleet-busy">{n}</p> })}
            <Show when=move || running.get() && phases.with(|p| !p.is_empty())>
                <div class="scan-phases" data-testid="fleet-phases">
                    {move || phases.get().into_iter().map(|(phase, done, total)| view! {
                        <div class="scan-phase" role="group" aria-label=phase.title() data-testid="fleet-phase">
                            <span>{phase.title()}</span>
                            <ProgressBar done=Signal::derive(move || done) total=Signal::derive(move || total) unit=format!("scopes: {}", phase.title().to_lowercase()) />
                        </div>
                    }).collect_view()}
                </div>
            </Show>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="fleet-error">{e}</p> })}
            <ScanReport memory=memory />
            <div class="scan-keep">
                <label class="check">
                    <input type="checkbox" data-testid="fleet-keep" prop:checked=keep on:change=toggle_keep disabled=!fleet_store::available() />
                    "Keep the last scan in this browser (runner data only, never the token)"
                </label>
                <button type="button" data-testid="fleet-forget" on:click=forget>"Forget saved scans"</button>
                {move || store_note.get().map(|n| view! { <span class="hint" role="status" data-testid="fleet-store-note">{n}</span> })}
            </div>
        </section>
    }
}
