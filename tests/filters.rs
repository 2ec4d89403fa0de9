//! The runners list's filters as a person sees them: every control shows the filter in force after a
//! deep link, a link to the same list, Back and "Clear filters"; labels are picked by typing or from
//! the table; values the address names that cannot be applied are said; back-links keep the view.
//! And states that must not mislead: counts after a failed refresh, messages that go stale.
#![cfg(target_arch = "wasm32")]
mod common;

use common::*;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The text of the option a select shows.
fn shown(testid: &str) -> String {
    let select: web_sys::HtmlSelectElement = find(testid).unwrap_or_else(|| panic!("no {testid}")).unchecked_into();
    select.selected_options().item(0).map(|o| o.text_content().unwrap_or_default()).unwrap_or_default()
}

fn chips() -> Vec<String> {
    find_all("filter-chip").iter().map(|c| c.text_content().unwrap_or_default().trim_end_matches('×').trim().to_string()).collect()
}

fn by_aria(selector: &str, name: &str) -> Option<web_sys::HtmlElement> {
    let all = document().query_selector_all(selector).ok()?;
    (0..all.length()).filter_map(|i| all.item(i)).filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok()).find(|e| e.get_attribute("aria-label").as_deref() == Some(name))
}

/// Sets an input's text and sends the InputEvent a browser would: `insertText` for typing,
/// `insertReplacementText` for a suggestion picked in browsers that say so.
async fn input_as(testid: &str, text: &str, input_type: &str) {
    let input: web_sys::HtmlInputElement = wait_for(testid).await.unchecked_into();
    input.set_value(text);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    init.set_input_type(input_type);
    init.set_data(Some(text));
    input.dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

async fn type_into_by_keyboard(testid: &str, text: &str) {
    input_as(testid, text, "insertText").await;
}

fn back() {
    web_sys::window().unwrap().history().unwrap().back().unwrap();
}

#[wasm_bindgen_test]
async fn every_control_shows_the_filter_from_a_link_a_new_link_back_and_clear() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners?group=deploy&label=docker&status=sleeping", &api, "sandbox-admin").await;
    // deploy holds platform-runner-04, -08 and -12; -04 and -08 carry docker.
    wait_until("the deep-linked view", || row_names() == vec!["platform-runner-04", "platform-runner-08"]).await;
    assert_eq!(shown("filter-group"), "deploy", "the group select shows the group named in the address");
    assert_eq!(shown("filter-status"), "Any", "a status that is not applied is not shown as one");
    assert_eq!(chips(), vec!["Group: deploy", "Label: docker"]);
    let said = text("unapplied");
    assert!(said.contains("“sleeping”") && said.contains("not applied"), "{said}");

    // A link to the same list with another filter: the page stays, its controls follow.
    go("/orgs/acme-platform/runners?group=build&os=Linux").await;
    // build holds platform-runner-03, -07 and -11; -11 runs macOS.
    wait_until("the linked view", || row_names() == vec!["platform-runner-03", "platform-runner-07"] && shown("filter-group") == "build").await;
    assert_eq!(shown("filter-os"), "Linux");
    assert_eq!(chips(), vec!["OS: Linux", "Group: build"]);
    assert!(find("unapplied").is_none(), "the earlier warning went with its address");

    // Back to the first view.
    back();
    wait_until("Back", || row_names() == vec!["platform-runner-04", "platform-runner-08"] && shown("filter-group") == "deploy").await;
    assert_eq!(shown("filter-os"), "Any");

    // Choosing a group writes its name into the address.
    choose("filter-group", &find_all("filter-group")[0].query_selector("option:nth-child(2)").unwrap().unwrap().get_attribute("value").unwrap()).await;
    wait_until("a group by name in the address", || location().contains("group=") && !location().contains("group=deploy")).await;
    let group_in_url = location();
    assert!(!group_in_url.split("group=").nth(1).unwrap_or_default().starts_with(|c: char| c.is_ascii_digit()), "{group_in_url}");

    click("clear-filters").await;
    wait_until("all runners", || rows().len() == 12).await;
    assert_eq!((shown("filter-group"), shown("filter-os"), shown("filter-status")), ("Any".into(), "Any".into(), "Any".into()));
    assert!(find("active-filters").is_none() && find("unapplied").is_none());
    wait_until("the address to follow", || location() == "/orgs/acme-platform/runners").await;
}

#[wasm_bindgen_test]
async fn an_unknown_group_is_said_and_a_numeric_id_still_works() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners?group=nightly", &api, "sandbox-admin").await;
    wait_until("every runner, as the group is not applied", || rows().len() == 12).await;
    let said = text("unapplied");
    assert!(said.contains("“nightly”") && said.contains("not a runner group here"), "{said}");
    assert_eq!(shown("filter-group"), "Any");

    let build = client_for(&api, "sandbox-admin")
        .all_runner_groups(&runnerdeck::github::Scope::Org { org: "acme-platform".into() }, None)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|g| g.name == "build")
        .unwrap();
    go(&format!("/orgs/acme-platform/runners?group={}", build.id)).await;
    wait_until("the group by id", || rows().len() == 3 && shown("filter-group") == "build").await;
    assert_eq!(chips(), vec!["Group: build"]);
}

#[wasm_bindgen_test]
async fn labels_are_picked_by_typing_from_suggestions_and_from_the_table() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners", &api, "sandbox-admin").await;
    wait_until("runners", || rows().len() == 12).await;

    type_into_by_keyboard("filter-label-input", "dock").await;
    press_enter("filter-label-input").await;
    let note = wait_for_text("label-note", |t| !t.is_empty()).await;
    assert!(note.contains("“dock”"), "{note}");
    assert_eq!(rows().len(), 12, "nothing was added");

    // Typing a whole label does not add it by itself; Enter adds what is typed when it is pressed.
    type_into_by_keyboard("filter-label-input", "large").await;
    type_into_by_keyboard("filter-label-input", "docker").await;
    press_enter("filter-label-input").await;
    wait_until("docker only", || rows().len() == 8).await;
    assert_eq!(chips(), vec!["Label: docker"], "“large”, typed over before Enter, was not added");
    let offered: Vec<String> = {
        let options = document().query_selector_all("#label-choices option").unwrap();
        (0..options.length()).filter_map(|i| options.item(i)).filter_map(|o| o.dyn_into::<web_sys::Element>().ok()).filter_map(|o| o.get_attribute("value")).collect()
    };
    assert!(!offered.contains(&"docker".to_string()) && offered.contains(&"large".to_string()), "{offered:?}");

    // A suggestion picked from the list is added at once: Chromium sends the pick as a plain input
    // Event, other browsers as an InputEvent that replaces the text.
    let input: web_sys::HtmlInputElement = wait_for("filter-label-input").await.unchecked_into();
    input.set_value("self-hosted");
    fire(&input, "input");
    fire(&input, "keydown");
    wait_until("a picked suggestion", || chips().len() == 2).await;
    assert_eq!(input.value(), "", "the picker empties after adding");
    input_as("filter-label-input", "large", "insertReplacementText").await;
    wait_until("a second pick", || chips().len() == 3).await;
    by_aria("button.chip-remove", "Remove filter Label: large").expect("the picked label has a chip").click();
    wait_until("back to two", || chips().len() == 2).await;

    // A label chip in the table adds its label.
    let chip = by_aria("button.chip-pick", "Filter by label large").expect("label chips in the table are buttons");
    chip.click();
    wait_until("docker and large", || rows().len() == 4).await;
    assert_eq!(chips(), vec!["Label: docker", "Label: self-hosted", "Label: large"]);

    by_aria("button.chip-remove", "Remove filter Label: docker").expect("each filter chip can be removed").click();
    wait_until("large without docker", || chips() == vec!["Label: self-hosted", "Label: large"]).await;
    assert_eq!(rows().len(), 4);
    wait_until("the address to follow", || location().contains("label=self-hosted%2Clarge") || location().contains("label=self-hosted,large")).await;
}

#[wasm_bindgen_test]
async fn the_back_link_returns_to_the_filtered_list() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners", &api, "sandbox-admin").await;
    wait_until("runners", || rows().len() == 12).await;
    choose("filter-status", "offline").await;
    wait_until("offline only", || rows().len() == 2).await;
    wait_until("the address to follow", || location().contains("status=offline")).await;
    let filtered = location();
    find_all("runner-name")[0].unchecked_ref::<web_sys::HtmlElement>().click();
    wait_for("runner-title").await;
    let back_link = document().query_selector("a[href*='status=offline']").unwrap().expect("the back-link keeps the filter");
    assert_eq!(back_link.text_content().unwrap_or_default(), "← All runners");
    back_link.unchecked_ref::<web_sys::HtmlElement>().click();
    wait_until("the filtered list again", || location() == filtered && rows().len() == 2).await;
    assert_eq!(shown("filter-status"), "Offline");
}

#[wasm_bindgen_test]
async fn typing_filters_at_once_and_the_address_follows_once_typing_pauses() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners", &api, "sandbox-admin").await;
    wait_until("runners", || rows().len() == 12).await;
    zero_counters(&api).await;
    for typed in ["p", "pl", "platform-runner-1"] {
        type_into_by_keyboard("filter-text", typed).await;
    }
    wait_until("the filtered rows", || row_names() == vec!["platform-runner-10", "platform-runner-11", "platform-runner-12"]).await;
    wait_until("the address to follow the last keystroke", || location() == "/orgs/acme-platform/runners?q=platform-runner-1").await;
    // Filtering is local: neither the keystrokes nor the address that follows them load the list again.
    let sent = counters(&api).await;
    assert_eq!(sent["by_method"]["GET"].as_u64().unwrap_or(0), 0, "typing sent requests: {sent}");

    // Back, after a runner's page, returns to the list as the address last had it.
    find_all("runner-name")[0].unchecked_ref::<web_sys::HtmlElement>().click();
    wait_for("runner-title").await;
    back();
    wait_until("Back to the filtered list", || location() == "/orgs/acme-platform/runners?q=platform-runner-1" && rows().len() == 3).await;
    let input: web_sys::HtmlInputElement = find("filter-text").unwrap().unchecked_into();
    assert_eq!(input.value(), "platform-runner-1", "the search box shows the search in force");

    // Leaving straight after a keystroke, before the address has followed: the back-link still
    // returns to what was typed.
    type_into_by_keyboard("filter-text", "platform-runner-12").await;
    wait_until("one row", || row_names() == vec!["platform-runner-12"]).await;
    find_all("runner-name")[0].unchecked_ref::<web_sys::HtmlElement>().click();
    wait_for("runner-title").await;
    let back_link = document().query_selector("a[href*='q=platform-runner-12']").unwrap().expect("the back-link has the last search");
    back_link.unchecked_ref::<web_sys::HtmlElement>().click();
    wait_until("the list as typed", || location() == "/orgs/acme-platform/runners?q=platform-runner-12" && row_names() == vec!["platform-runner-12"]).await;
}

#[wasm_bindgen_test]
async fn counts_reflect_a_bulk_delete_when_the_refresh_after_it_fails() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners?status=offline", &api, "sandbox-admin").await;
    wait_until("the offline runners", || rows().len() == 2).await;
    assert_eq!(text("count-total"), "12 runners");
    // Every read of the list fails from now on; the deletes themselves go through.
    set_faults(&api, json!({ "force": [{ "method": "GET", "path": "/orgs/acme-platform/actions/runners", "status": 502 }] })).await;
    select_all_and("bulk-delete").await;
    click("dialog-confirm").await;
    let report = job_report(1).await;
    assert!(report.contains("2 done"), "{report}");
    wait_for("stale-note").await;
    assert_eq!(text("count-total"), "10 runners", "the counts leave out the runners just deleted, though the list could not be read again");
    assert!(rows().is_empty(), "the deleted runners are gone from the table");
    set_faults(&api, json!({})).await;
}

#[wasm_bindgen_test]
async fn a_success_message_goes_when_the_next_action_starts() {
    let api = sandbox_api();
    reset_sandbox(&api).await;
    let _app = app_at("/orgs/acme-platform/runners", &api, "sandbox-admin").await;
    wait_until("runners", || rows().len() == 12).await;
    find_all("runner-name")[0].unchecked_ref::<web_sys::HtmlElement>().click();
    wait_for("runner-title").await;
    type_into("add-labels", "docker, fresh-one").await;
    click("add-labels-submit").await;
    let said = wait_for_text("op-message", |t| !t.is_empty()).await;
    assert_eq!(said, "Added fresh-one (docker already there).", "the message names only what changed");
    // A mistake in the next action: its error stands alone.
    type_into("add-labels", "self-hosted").await;
    click("add-labels-submit").await;
    wait_until("the new error alone", || find("op-message").is_none() && document().body().unwrap().inner_text().contains("read-only")).await;
}
