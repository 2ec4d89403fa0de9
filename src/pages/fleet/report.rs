//! What the fleet scan says in words: the rate limit against its cost, where the organizations came
//! from, what the last scan cost, and the scopes it could not read.
use leptos::prelude::*;

use crate::data::fleet_memory::FleetMemory;
use crate::github::discovery::OrgSource;
use crate::github::error::clock;
use crate::github::models::RateLimitOverview;
use crate::github::ApiError;
use crate::text::thousands;

/// What the rate limit leaves, in a sentence, and whether the scan fits in it.
pub fn rate_sentence(rate: &Option<Result<RateLimitOverview, ApiError>>, estimate: u32) -> (String, bool) {
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

pub fn source_note(source: &OrgSource, count: usize, hidden: usize, unnamed: usize) -> String {
    let mut note = match source {
        OrgSource::Instance => format!("Found {count} organizations on this server (GET /organizations)."),
        OrgSource::Enterprise => format!("Found {count} organizations in the enterprise (GraphQL)."),
        OrgSource::Membership { why } => format!("{why} Listed instead the {count} organizations your token's user belongs to (GET /user/orgs); add any that are missing."),
    };
    if hidden > 0 {
        note.push_str(&format!(" GitHub left out {hidden} organizations that enforce SAML single sign-on: authorize the token for them, then find organizations again."));
    }
    if unnamed > 0 {
        note.push_str(&format!(" GraphQL would not name {unnamed} more organizations (SAML single sign-on, or no access): add them by hand if you can read them."));
    }
    note
}

/// When a scan finished: the time of day, with the date once it is a day old or more.
fn when(ms: f64, now_ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    let time = format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds());
    if now_ms - ms < 20.0 * 3_600_000.0 {
        time
    } else {
        format!("{}-{:02}-{:02} {time}", d.get_full_year(), d.get_month() + 1, d.get_date())
    }
}

/// What the last scan cost and found, and the scopes it could not read.
#[component]
pub fn ScanReport(memory: Memo<FleetMemory>) -> impl IntoView {
    let summary = move || {
        memory.with(|m| {
            m.scanned.as_ref().map(|s| {
                let at = when(s.finished_ms, js_sys::Date::now());
                let from = if m.restored { " (saved in this browser)" } else { "" };
                format!(
                    "Scanned at {at}{from}: {} organizations, {} repositories, in {} s. It cost {} requests, {} of them free (304 Not Modified, which do not count against the rate limit).",
                    thousands(s.orgs),
                    thousands(s.repos),
                    crate::text::seconds_tenths(s.wall_ms),
                    thousands(s.requests as usize),
                    thousands(s.not_modified as usize)
                )
            })
        })
    };
    let failures = move || memory.with(|m| m.scanned.as_ref().map(|s| s.failures.clone()).unwrap_or_default());
    // Shown only while repositories are part of the scan: these orgs' own runners were read.
    let unlisted = move || memory.with(|m| if m.include_repos { m.repo_failures.clone() } else { vec![] });
    view! {
        {move || summary().map(|s| view! { <p class="hint" data-testid="fleet-cost">{s}</p> })}
        {move || {
            let list = unlisted();
            (!list.is_empty()).then(|| view! {
                <details class="warning" data-testid="fleet-unlisted">
                    <summary>{format!("The repositories of {} organizations could not be listed; their repositories' runners are not in the table", list.len())}</summary>
                    <ul>{list.into_iter().map(|f| view! { <li><strong>{f.scope.to_string()}</strong>": "{f.message.clone()}</li> }).collect_view()}</ul>
                </details>
            })
        }}
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
    }
}
