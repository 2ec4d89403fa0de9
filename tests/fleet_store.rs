//! The fleet scan's IndexedDB store in headless Chromium: round trips, replacing, forgetting, a large
//! scan, and the record's shape on disk.
#![cfg(target_arch = "wasm32")]

use js_sys::{Object, Promise, Reflect};
use runnerdeck::data::fleet_store::{self, Saved};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{IdbDatabase, IdbRequest};

wasm_bindgen_test_configure!(run_in_browser);

// The tests share one page and so one database, and run one at a time: each uses keys of its own.

async fn saved(key: &str) -> Option<Saved> {
    fleet_store::load(key).await.unwrap()
}

/// Waits for a request of the raw database the test reads behind the module's back.
async fn raw(request: IdbRequest) -> JsValue {
    let done = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(done).await.unwrap();
    request.result().unwrap()
}

/// The database as the module left it (it creates the store on first use).
async fn raw_db() -> IdbDatabase {
    fleet_store::load("raw-open").await.unwrap();
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    raw(factory.open_with_u32("runnerdeck", 1).unwrap().unchecked_into()).await.unchecked_into()
}

async fn raw_get(key: &str) -> JsValue {
    let db = raw_db().await;
    let store = db.transaction_with_str("fleet-scans").unwrap().object_store("fleet-scans").unwrap();
    let value = raw(store.get(&key.into()).unwrap()).await;
    db.close();
    value
}

async fn raw_put(key: &str, value: &JsValue) {
    let db = raw_db().await;
    let tx = db.transaction_with_str_and_mode("fleet-scans", web_sys::IdbTransactionMode::Readwrite).unwrap();
    raw(tx.object_store("fleet-scans").unwrap().put_with_key(value, &key.into()).unwrap()).await;
    db.close();
}

#[wasm_bindgen_test]
fn indexed_db_is_available_in_chromium() {
    assert!(fleet_store::available());
}

#[wasm_bindgen_test]
async fn save_then_load_returns_the_json_and_when_it_was_saved() {
    let json = r#"{"runners":[{"id":1,"name":"build-01","labels":["linux","x64"]}]}"#;
    let before = js_sys::Date::now();
    fleet_store::save("roundtrip", json).await.unwrap();
    let after = js_sys::Date::now();
    let got = saved("roundtrip").await.expect("the scan was saved");
    assert_eq!(got.json, json);
    assert!(before <= got.saved_at_ms && got.saved_at_ms <= after, "saved at {} is not between {before} and {after}", got.saved_at_ms);
}

#[wasm_bindgen_test]
async fn a_save_replaces_what_was_saved() {
    fleet_store::save("replace", r#"{"scan":1}"#).await.unwrap();
    let first = saved("replace").await.unwrap();
    fleet_store::save("replace", r#"{"scan":2}"#).await.unwrap();
    let second = saved("replace").await.unwrap();
    assert_eq!(second.json, r#"{"scan":2}"#);
    assert!(second.saved_at_ms >= first.saved_at_ms, "the time is the second save's");
}

#[wasm_bindgen_test]
async fn an_unknown_key_has_nothing_saved() {
    assert_eq!(fleet_store::load("never-saved").await, Ok(None));
}

#[wasm_bindgen_test]
async fn forget_removes_one_key_and_leaves_another() {
    fleet_store::save("forget-a", "[1]").await.unwrap();
    fleet_store::save("forget-b", "[2]").await.unwrap();
    fleet_store::forget("forget-a").await.unwrap();
    assert_eq!(saved("forget-a").await, None);
    assert_eq!(saved("forget-b").await.map(|s| s.json), Some("[2]".to_string()));
    assert_eq!(fleet_store::forget("forget-a").await, Ok(()), "forgetting what is gone is fine");
}

#[wasm_bindgen_test]
async fn forget_all_empties_the_store() {
    fleet_store::save("all-a", "[1]").await.unwrap();
    fleet_store::save("all-b", "[2]").await.unwrap();
    fleet_store::forget_all().await.unwrap();
    assert_eq!(saved("all-a").await, None);
    assert_eq!(saved("all-b").await, None);
    let db = raw_db().await;
    let store = db.transaction_with_str("fleet-scans").unwrap().object_store("fleet-scans").unwrap();
    assert_eq!(raw(store.count().unwrap()).await.as_f64(), Some(0.0), "nothing at all is left");
    db.close();
}

#[wasm_bindgen_test]
async fn a_five_megabyte_scan_round_trips() {
    // Non-ASCII names too, so the text survives the UTF-8/UTF-16 crossings intact.
    let row = r#"{"id":123456,"name":"büild-ränner-漢字","status":"online","labels":["self-hosted","linux"]},"#;
    let mut json = String::from(r#"{"runners":["#);
    while json.len() < 5 * 1024 * 1024 {
        json.push_str(row);
    }
    json.push_str(r#"{"id":0}]}"#);
    fleet_store::save("large", &json).await.unwrap();
    let got = saved("large").await.expect("the large scan was saved");
    assert_eq!(got.json.len(), json.len());
    assert!(got.json == json, "the large scan came back changed");
}

#[wasm_bindgen_test]
async fn the_record_is_a_plain_object_with_the_time_and_the_json() {
    fleet_store::save("shape", r#"{"a":1}"#).await.unwrap();
    let value = raw_get("shape").await;
    let mut keys: Vec<String> = Object::keys(value.dyn_ref::<Object>().expect("an object")).iter().filter_map(|k| k.as_string()).collect();
    keys.sort();
    assert_eq!(keys, ["json", "savedAtMs"]);
    assert_eq!(Reflect::get(&value, &"json".into()).unwrap().as_string().as_deref(), Some(r#"{"a":1}"#));
    assert!(Reflect::get(&value, &"savedAtMs".into()).unwrap().as_f64().is_some());
}

#[wasm_bindgen_test]
async fn a_record_of_another_shape_reads_as_nothing_saved() {
    raw_put("foreign", &JsValue::from_str("not a record")).await;
    assert_eq!(fleet_store::load("foreign").await, Ok(None));
    let half = Object::new();
    Reflect::set(&half, &"json".into(), &"{}".into()).unwrap();
    raw_put("foreign", &half).await;
    assert_eq!(fleet_store::load("foreign").await, Ok(None), "a record without its time");
    fleet_store::save("foreign", "{}").await.unwrap();
    assert_eq!(saved("foreign").await.map(|s| s.json), Some("{}".to_string()), "the next save replaces it");
}

#[wasm_bindgen_test]
async fn a_database_of_a_newer_version_is_refused_with_a_sentence_and_nothing_breaks() {
    fleet_store::save("newer", "[1]").await.unwrap();
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let newer: IdbDatabase = raw(factory.open_with_u32("runnerdeck", 2).unwrap().unchecked_into()).await.unchecked_into();
    newer.close();
    let refused = fleet_store::load("newer").await.unwrap_err();
    assert!(refused.contains("newer Runnerdeck") && refused.contains("VersionError"), "{refused}");
    assert!(fleet_store::save("newer", "[2]").await.unwrap_err().contains("newer Runnerdeck"));
    // The module left no connection open, so deleting the database is not blocked.
    raw(factory.delete_database("runnerdeck").unwrap().unchecked_into()).await;
    assert_eq!(fleet_store::load("newer").await, Ok(None), "a fresh database is created again");
}
