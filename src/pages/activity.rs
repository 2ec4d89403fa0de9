//! Every write the console made in this tab, and its bulk jobs with their reports. Memory only.
use leptos::prelude::*;

use crate::components::JobPanel;
use crate::data::{Activity, Jobs};
use crate::export::save_file;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let activity = expect_context::<Activity>();
    let jobs = expect_context::<Jobs>();
    let entries = activity.entries();
    let rows = move || entries.with(|e| e.iter().rev().cloned().collect::<Vec<_>>());
    let job_ids = move || jobs.list().with(|l| l.iter().rev().map(|j| j.id).collect::<Vec<_>>());
    view! {
        <section class="panel" data-testid="activity-page">
            <h1>"Activity"</h1>
            <p class="hint">"Every write this console made in this tab, with GitHub's answer and request id. It is kept in memory only and is gone when the tab closes: export it to keep it."</p>
            <h2>"Bulk jobs"</h2>
            <Show when=move || !job_ids().is_empty() fallback=|| view! { <p class="hint" data-testid="no-jobs">"No bulk jobs yet."</p> }>
                <For each=job_ids key=|id| *id let:id>
                    <JobPanel id=id />
                </For>
            </Show>
            <h2>"Writes"</h2>
            <div class="inline-form">
                <button type="button" data-testid="activity-export-csv" on:click=move |_| save_file("runnerdeck-activity.csv", &activity.to_csv(), "text/csv")>"Export CSV"</button>
                <button type="button" data-testid="activity-export-json" on:click=move |_| save_file("runnerdeck-activity.json", &activity.to_json(), "application/json")>"Export JSON"</button>
            </div>
            <Show when=move || entries.with(|e| !e.is_empty()) fallback=|| view! { <p class="hint" data-testid="no-activity">"No writes yet."</p> }>
                <div class="table-wrap">
                    <table class="activity" data-testid="activity-table">
                        <thead><tr><th>"Time"</th><th>"Scope"</th><th>"Action"</th><th>"Target"</th><th>"Result"</th><th>"Request id"</th></tr></thead>
                        <tbody>
                            <For each=rows key=|e| e.seq let:e>
                                <tr data-testid="activity-row" data-ok=e.ok.to_string()>
                                    <td>{e.time.clone()}</td>
                                    <td>{e.scope.clone()}</td>
                                    <td>{e.action.clone()}{e.job.map(|j| format!(" (job {j})"))}</td>
                                    <td><bdi>{e.target.clone()}</bdi></td>
                                    <td class=if e.ok { "ok" } else { "error" }>{e.result.clone()}</td>
                                    <td><code>{e.request_id.clone().unwrap_or_default()}</code></td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}
