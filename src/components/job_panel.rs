//! One bulk job: its progress, any wait with a countdown, pause/resume/cancel, and its report with
//! failures grouped by GitHub's reason, exportable as CSV or JSON.
use leptos::prelude::*;

use super::ProgressBar;
use crate::data::jobs::Control;
use crate::data::queue::ItemState;
use crate::data::Jobs;
use crate::export::{save_file, table_csv};

#[component]
pub fn JobPanel(
    id: u32,
    /// Offered on the page that started the job: select the failed runners there.
    #[prop(optional)]
    on_select_failed: Option<Callback<Vec<u64>>>,
) -> impl IntoView {
    let jobs = expect_context::<Jobs>();
    let job = Memo::new(move |_| jobs.get(id));
    let export = move |csv: bool| {
        let Some(j) = job.get_untracked() else { return };
        let rows = j.report_rows();
        let name = format!("job-{}-report.{}", j.id, if csv { "csv" } else { "json" });
        if csv {
            let table: Vec<Vec<String>> = rows.iter().map(|r| vec![r.name.clone(), r.id.map(|i| i.to_string()).unwrap_or_default(), r.outcome.clone(), r.message.clone()]).collect();
            save_file(&name, &table_csv(&["name", "id", "outcome", "message"], &table), "text/csv");
        } else {
            save_file(&name, &serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into()), "application/json");
        }
    };
    move || {
        job.get().map(|j| {
            let t = j.tally();
            let total = j.items.len() as u32;
            let settled = (t.done + t.failed + t.not_attempted) as u32;
            let now = jobs.clock.get();
            let hold = j.hold.clone().filter(|_| !j.finished).map(|h| {
                let secs = ((h.until_ms as f64 - now) / 1000.0).ceil().max(0.0) as u64;
                view! { <p class="warning" role="status" data-testid="job-wait">{format!("Paused by GitHub: {}. Resuming in {secs} s with the same item; nothing is lost or failed.", h.reason)}</p> }
            });
            let failures = j.failures();
            let failed_ids = j.failed_ids();
            let heading = if j.finished {
                let mut parts = vec![format!("{} done", t.done), format!("{} failed", t.failed)];
                if t.not_attempted > 0 {
                    parts.push(format!("{} not attempted", t.not_attempted));
                }
                if !j.skipped.is_empty() {
                    parts.push(format!("{} skipped", j.skipped.len()));
                }
                format!("{}: {}", j.title, parts.join(", "))
            } else if j.paused {
                format!("{} (paused)", j.title)
            } else {
                format!("{}…", j.title)
            };
            let done_names: Vec<String> = j.items.iter().filter(|i| i.state == ItemState::Done).map(|i| i.name.clone()).collect();
            let not_attempted: Vec<String> = j.items.iter().filter(|i| i.state == ItemState::NotAttempted).map(|i| i.name.clone()).collect();
            let finished = j.finished;
            let paused = j.paused;
            let pace = if j.pace.gap_ms > 0 { format!("{} at a time, {} s apart", j.pace.in_flight, crate::text::seconds_tenths(j.pace.gap_ms as f64)) } else { format!("up to {} at a time", j.pace.in_flight) };
            let note = format!("Started {} · {} · {} rate-limit waits · {} retries", j.started, pace, j.limit_hits, j.retries);
            view! {
                <div class="panel inset report" data-testid="job-panel" data-job=id.to_string() data-finished=finished.to_string() role="region" aria-label=format!("Job {id}")>
                    <h2 data-testid="job-title">{heading}</h2>
                    <p class="hint" data-testid="job-note">{note}</p>
                    {(!finished).then(|| view! { <ProgressBar done=Signal::derive(move || settled) total=Signal::derive(move || total) unit="done" /> })}
                    {hold}
                    {j.per_item.then(|| view! {
                        <ul class="job-items" data-testid="job-items" aria-label="Each runner's progress">
                            {j.items.iter().map(|i| {
                                let key = match i.state { ItemState::Waiting => "waiting", ItemState::InFlight => "in-flight", ItemState::Done => "done", ItemState::Pending => "pending", ItemState::NotAttempted => "not-attempted", ItemState::Failed { .. } => "failed" };
                                view! { <li data-testid="job-item" data-state=key data-id=i.id.to_string()><bdi>{i.name.clone()}</bdi>": "{i.status()}</li> }
                            }).collect_view()}
                        </ul>
                    })}
                    {(!finished).then(|| view! {
                        <div class="inline-form">
                            {if paused {
                                view! { <button type="button" data-testid="job-resume" on:click=move |_| jobs.control(id, Control::Resume)>"Resume"</button> }.into_any()
                            } else {
                                view! { <button type="button" data-testid="job-pause" on:click=move |_| jobs.control(id, Control::Pause)>"Pause"</button> }.into_any()
                            }}
                            <button type="button" class="danger" data-testid="job-cancel" on:click=move |_| jobs.control(id, Control::Cancel)>"Cancel the rest"</button>
                        </div>
                    })}
                    {(!failures.is_empty()).then(|| view! {
                        <p>"These were not changed:"</p>
                        <ul data-testid="job-failures">
                            {failures.into_iter().map(|(reason, message, names)| view! {
                                <li data-testid="job-failure-group">
                                    <strong>{format!("{reason} ({})", names.len())}</strong>
                                    <p class="hint">{message}</p>
                                    <p>{names.join(", ")}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                    {(!not_attempted.is_empty()).then(|| view! {
                        <p class="hint" data-testid="job-not-attempted">{format!("Not attempted (cancelled): {}", not_attempted.join(", "))}</p>
                    })}
                    {(!done_names.is_empty()).then(|| view! {
                        <details><summary>{format!("Done ({})", done_names.len())}</summary><ul data-testid="job-successes">{done_names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul></details>
                    })}
                    {(!j.skipped.is_empty()).then(|| view! { <p class="hint" data-testid="job-skipped">{format!("Skipped, nothing to change: {}", j.skipped.join(", "))}</p> })}
                    {finished.then(|| {
                        let ids = failed_ids.clone();
                        view! {
                            <div class="inline-form">
                                {(!failed_ids.is_empty()).then(|| view! {
                                    <button type="button" data-testid="job-retry-failed" on:click=move |_| { jobs.retry_failed(id); }>"Retry the failed ones"</button>
                                })}
                                {on_select_failed.filter(|_| !ids.is_empty()).map(|cb| {
                                    let ids = ids.clone();
                                    view! { <button type="button" data-testid="job-select-failed" on:click=move |_| cb.run(ids.clone())>"Select the failed ones"</button> }
                                })}
                                <button type="button" data-testid="job-export-csv" on:click=move |_| export(true)>"Export report (CSV)"</button>
                                <button type="button" data-testid="job-export-json" on:click=move |_| export(false)>"Export report (JSON)"</button>
                                <button type="button" data-testid="job-dismiss" on:click=move |_| jobs.dismiss(id)>"Dismiss"</button>
                            </div>
                        }
                    })}
                </div>
            }
        })
    }
}
