//! Runner versions in headless Chromium against the sandbox: the breakdown per version matches what
//! the API returns on GHES 3.19 and github.com, "older than" filters the list to exactly those
//! runners with the filter in the address, and GHES 3.9, which has no `version`, is explained.
#![cfg(target_arch = "wasm32")]
mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use runnerdeck::github::models::Runner;
use runnerdeck::github::{request, Client, Scope};
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn org() -> Scope {
    Scope::Org { org: "acme-platform".into() }
}

async fn answer_as(api: &str, profile: &str) {
    reset_sandbox(api).await;
    let server = control(api, "PUT", "/server", Some(json!({ "profile": profile }))).await;
    assert_eq!(server["profile"], profile, "{server}");
    control(api, "DELETE", "/log", None).await;
}

/// The test's own reading of a version, independent of the console's: three numbers, or nothing.
fn numbers(v: &str) -> Option<(u64, u64, u64)> {
    let p: Vec<u64> = v.split('.').map(|x| x.parse().ok()).collect::<Option<_>>()?;
    match p[..] {
        [a, b, c] => Some((a, b, c)),
        _ => None,
    }
}

/// What the API says: the runners of `scope` and the release its downloads name.
struct Truth {
    runners: Vec<Runner>,
    offered: String,
}

impl Truth {
    async fn read(client: &Client, scope: &Scope) -> Truth {
        let runners = client.all_runners(scope, None, &|_, _| {}).await.unwrap().items;
        let apps = client.send(request::list_runner_applications(scope)).await.unwrap();
        let versions: BTreeSet<String> = apps.iter().map(|a| a.filename.trim_end_matches(".tar.gz").trim_end_matches(".zip").rsplit('-').next().unwrap_or_default().to_string()).collect();
        assert_eq!(versions.len(), 1, "every download is one release: {versions:?}");
        Truth { runners, offered: versions.into_iter().next().unwrap_or_default() }
    }

    /// Runners per reported version; `None` for the ones that report none.
    fn per_version(&self) -> BTreeMap<Option<String>, usize> {
        let mut per = BTreeMap::new();
        for r in &self.runners {
            *per.entry(r.version.clone()).or_insert(0) += 1;
        }
        per
    }

    fn ids_where(&self, keep: impl Fn(Option<&str>) -> bool) -> BTreeSet<u64> {
        self.runners.iter().filter(|r| keep(r.version.as_deref())).map(|r| r.id).collect()
    }

    fn older_than(&self, limit: &str) -> BTreeSet<u64> {
        let limit = numbers(limit).unwrap();
        self.ids_where(|v| v.and_then(numbers).is_some_and(|v| v < limit))
    }
}

fn version_rows() -> Vec<web_sys::Element> {
    find_all("version-row")
}

fn cell(row: &web_sys::Element, testid: &str) -> String {
    row.query_selector(&format!("[data-testid=\"{testid}\"]")).ok().flatten().and_then(|e| e.text_content()).unwrap_or_default()
}

/// Clicks a button of the breakdown row for `version` (`data-version`), or of the not-reported row.
fn click_in_row(kind: &str, version: Option<&str>, testid: &str) {
    let row = version_rows()
        .into_iter()
        .find(|r| r.get_attribute("data-kind").as_deref() == Some(kind) && (version.is_none() || r.get_attribute("data-version").as_deref() == version))
        .unwrap_or_else(|| panic!("no {kind} row for {version:?}"));
    let button: web_sys::HtmlElement = row.query_selector(&format!("[data-testid=\"{testid}\"]")).unwrap().unwrap_or_else(|| panic!("no {testid} in the row")).unchecked_into();
    assert!(!button.has_attribute("disabled"), "{testid} for {version:?} is disabled");
    button.click();
}

fn shown_ids(row_testid: &str) -> BTreeSet<u64> {
    find_all(row_testid).iter().filter_map(|r| r.get_attribute("data-runner-id")?.parse().ok()).collect()
}

fn chips() -> Vec<String> {
    find_all("filter-chip").iter().map(|c| c.text_content().unwrap_or_default()).collect()
}

/// Opens the versions panel and checks every row against the API: counts, the newest, the offered
/// release, how far behind each is, and how many are behind it.
async fn breakdown_matches(truth: &Truth) {
    click("versions-toggle").await;
    let latest = wait_for_text("versions-latest", |t| t.starts_with("Latest release")).await;
    assert_eq!(latest, format!("Latest release offered by this server: {}", truth.offered));
    let per = truth.per_version();
    let versions: Vec<&String> = per.keys().flatten().collect();
    assert!(versions.len() >= 3, "the seed has a spread of versions: {per:?}");
    let newest = versions.iter().copied().max_by_key(|v| numbers(v)).unwrap();
    assert_eq!(text("versions-newest"), format!("Newest version a runner reports: {newest}"));
    wait_until("one row per version and one for the unreported", || version_rows().len() == per.len()).await;
    let offered = numbers(&truth.offered).unwrap();
    for row in version_rows() {
        let count: usize = cell(&row, "version-count").parse().unwrap();
        match row.get_attribute("data-kind").as_deref() {
            Some("not-reported") => assert_eq!(Some(&count), per.get(&None), "not reported"),
            Some("version") => {
                let v = row.get_attribute("data-version").unwrap();
                assert_eq!(Some(&count), per.get(&Some(v.clone())), "runners on {v}");
                let (major, minor, patch) = numbers(&v).unwrap();
                let far = cell(&row, "version-behind");
                let expected = if (major, minor, patch) == offered {
                    "up to date".to_string()
                } else if major == offered.0 && minor < offered.1 {
                    let n = offered.1 - minor;
                    format!("{n} minor release{} behind", if n == 1 { "" } else { "s" })
                } else {
                    far.clone()
                };
                assert_eq!(far, expected, "{v}");
                let older = truth.older_than(&v).len();
                assert_eq!(cell(&row, "version-older"), format!("Older than {v} ({older})"));
            }
            other => panic!("a row of kind {other:?}: the seed has no unreadable versions"),
        }
    }
    let behind = truth.older_than(&truth.offered).len();
    assert!(behind > 0 && per.get(&None).is_some_and(|n| *n > 0), "{per:?}");
    assert!(text("versions-behind").starts_with(&format!("{behind} of {} runners are on a version older than {}", truth.runners.len(), truth.offered)), "{}", text("versions-behind"));
}

/// "Older than" the offered release, then "on" one version, then the unreported: each filters the
/// table to exactly those runners and puts itself in the address and in a chip.
async fn filters_follow_the_breakdown(truth: &Truth) {
    let offered = truth.offered.clone();
    let older = truth.older_than(&offered);
    click_in_row("version", Some(&offered), "version-older");
    wait_until("the runners older than the offered release", || shown_ids("runner-row") == older).await;
    wait_until("the address to follow", || location().contains(&format!("older_than={offered}"))).await;
    assert!(chips().contains(&format!("Version older than {offered}×")), "{:?}", chips());

    let behind = truth.per_version().keys().flatten().find(|v| **v != offered).cloned().unwrap();
    click_in_row("version", Some(&behind), "version-only");
    wait_until("the runners on one version", || shown_ids("runner-row") == truth.ids_where(|v| v == Some(behind.as_str()))).await;
    wait_until("the address to follow", || location().contains(&format!("version={behind}")) && !location().contains("older_than")).await;

    click_in_row("not-reported", None, "version-only");
    wait_until("the runners that report no version", || shown_ids("runner-row") == truth.ids_where(|v| v.is_none())).await;
    wait_until("the address to follow", || location().contains("version=none")).await;
    assert!(chips().contains(&"Version: not reported×".to_string()), "{:?}", chips());

    click("clear-filters").await;
    wait_until("every runner again", || shown_ids("runner-row").len() == truth.runners.len()).await;
    wait_until("the address to follow", || !location().contains("version")).await;
}

#[wasm_bindgen_test]
async fn ghes_3_19_shows_the_versions_breakdown_and_older_than_filters_the_list() {
    let api = sandbox_api();
    answer_as(&api, "ghes-3.19").await;
    let truth = Truth::read(&client_for(&api, "sandbox-admin"), &org()).await;
    let _app = app_at(&runnerdeck::routes::runners(&org()), &api, "sandbox-admin").await;
    wait_until("every runner", || rows().len() == truth.runners.len()).await;
    breakdown_matches(&truth).await;
    filters_follow_the_breakdown(&truth).await;
}

#[wasm_bindgen_test]
async fn dotcom_shows_the_versions_breakdown_too() {
    let api = sandbox_api();
    answer_as(&api, "dotcom").await;
    let root = api.trim_end_matches("/api/v3").to_string();
    // github.com's API lives at the host's root.
    let base = runnerdeck::github::ApiBase::parse(&root).unwrap().at_root().unwrap();
    let truth = Truth::read(&Client::new(base, runnerdeck::github::Token::new("sandbox-admin")), &org()).await;
    let _app = app_at("/", &root, "sandbox-admin").await;
    assert_eq!(wait_for_text("server-kind", |t| !t.is_empty()).await, "github.com");
    go(&runnerdeck::routes::runners(&org())).await;
    wait_until("every runner", || rows().len() == truth.runners.len()).await;
    breakdown_matches(&truth).await;
    filters_follow_the_breakdown(&truth).await;
}

#[wasm_bindgen_test]
async fn ghes_3_9_says_why_there_are_no_versions_and_asks_for_nothing() {
    let api = sandbox_api();
    answer_as(&api, "ghes-3.9").await;
    let runners = client_for(&api, "sandbox-admin").all_runners(&org(), None, &|_, _| {}).await.unwrap().items;
    assert!(runners.iter().all(|r| r.version.is_none()), "GHES 3.9 sends no version");
    let _app = app_at(&runnerdeck::routes::runners(&org()), &api, "sandbox-admin").await;
    wait_until("every runner", || rows().len() == runners.len()).await;
    assert_eq!(wait_for_text("versions-toggle", |t| !t.is_empty()).await, "Runner versions: not reported by this server");
    click("versions-toggle").await;
    let why = wait_for_text("versions-unavailable", |t| !t.is_empty()).await;
    assert_eq!(why, "This server (GHES 3.9) does not report runner versions; GHES 3.17 and later do.");
    assert!(find("versions-table").is_none() && find("versions-latest").is_none(), "no made-up breakdown");
    wait_sandbox_idle(&api).await;
    let log = control(&api, "GET", "/log", None).await;
    assert!(!log.as_array().unwrap().iter().any(|e: &Value| e["path"].as_str().is_some_and(|p| p.contains("/downloads"))), "nothing is read for a breakdown that cannot be: {log}");
}

#[wasm_bindgen_test]
async fn a_link_with_older_than_restores_the_view_leads_to_one_bulk_delete_and_a_bad_value_is_said() {
    let api = sandbox_api();
    answer_as(&api, "ghes-3.19").await;
    let truth = Truth::read(&client_for(&api, "sandbox-admin"), &org()).await;
    let _app = app_at(&runnerdeck::routes::runners_with(&org(), &[("older_than", "2.328.0")]), &api, "sandbox-admin").await;
    let older = truth.older_than("2.328.0");
    assert!(!older.is_empty());
    wait_until("the runners older than 2.328.0", || shown_ids("runner-row") == older).await;
    assert!(chips().contains(&"Version older than 2.328.0×".to_string()), "{:?}", chips());
    // One bulk action on what is shown: the old runners go, and only they.
    select_all_and("bulk-delete").await;
    let listed = text("dialog-targets");
    let names: Vec<&str> = truth.runners.iter().filter(|r| older.contains(&r.id)).map(|r| r.name.as_str()).collect();
    assert!(names.iter().all(|n| listed.contains(n)) && text("dialog").contains(&format!("{} runners", older.len())), "{listed}");
    click("dialog-confirm").await;
    let report = job_report(1).await;
    assert!(report.contains(&format!("{} done, 0 failed", older.len())), "{report}");
    let left: BTreeSet<u64> = client_for(&api, "sandbox-admin").all_runners(&org(), None, &|_, _| {}).await.unwrap().items.iter().map(|r| r.id).collect();
    assert_eq!(left, truth.ids_where(|_| true).difference(&older).copied().collect::<BTreeSet<u64>>());
    wait_until("none older is left", || rows().is_empty()).await;

    go(&runnerdeck::routes::runners_with(&org(), &[("older_than", "2.330.0-beta")])).await;
    let said = wait_for_text("unapplied", |t| !t.is_empty()).await;
    assert!(said.contains("“2.330.0-beta”") && said.contains("not applied"), "{said}");
    wait_until("every runner left: the filter is not applied", || shown_ids("runner-row").len() == truth.runners.len() - older.len()).await;
}

#[wasm_bindgen_test]
async fn the_enterprise_fleet_has_the_breakdown_and_older_than_filters_every_scope() {
    let api = sandbox_api();
    answer_as(&api, "ghes-3.19").await;
    let client = client_for(&api, "sandbox-admin");
    let mut runners = client.all_runners(&Scope::Enterprise { slug: "acme".into() }, None, &|_, _| {}).await.unwrap().items;
    for o in client.all_organizations().await.unwrap() {
        runners.extend(client.all_runners(&Scope::Org { org: o.login.clone() }, None, &|_, _| {}).await.unwrap().items);
        for r in client.all_org_repos(&o.login).await.unwrap().items {
            runners.extend(client.all_runners(&Scope::Repo { owner: o.login.clone(), repo: r.name }, None, &|_, _| {}).await.unwrap().items);
        }
    }
    let truth = Truth { runners, offered: Truth::read(&client, &Scope::Enterprise { slug: "acme".into() }).await.offered };
    let _app = app_at("/enterprises/acme/fleet", &api, "sandbox-admin").await;
    wait_until("the organizations found", || find("fleet-orgs").and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()).is_some_and(|t| t.value().contains("acme-data"))).await;
    click("fleet-include-repos").await;
    wait_for_text("fleet-estimate", |t| t.contains("repositories:")).await;
    click("fleet-scan").await;
    wait_for_text("fleet-cost", |t| t.contains("requests")).await;
    wait_until("every runner of the enterprise", || text("fleet-count-total") == format!("{} runners", truth.runners.len())).await;
    breakdown_matches(&truth).await;
    click_in_row("version", Some(&truth.offered), "version-older");
    let older = truth.older_than(&truth.offered);
    wait_until("the fleet's runners older than the offered release", || shown_ids("fleet-row") == older).await;
    wait_until("the address to follow", || location().contains(&format!("older_than={}", truth.offered))).await;
    assert!(chips().contains(&format!("Version older than {}×", truth.offered)), "{:?}", chips());
}
