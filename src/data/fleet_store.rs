//! The opt-in memory of the last enterprise fleet scan in this browser's IndexedDB: runner data as JSON, never a token.
use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DomException, IdbDatabase, IdbFactory, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransaction};

const DATABASE: &str = "runnerdeck";
const STORE: &str = "fleet-scans";
const VERSION: u32 = 1;

/// One saved scan.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    pub saved_at_ms: f64,
    pub json: String,
}

/// Whether this browser offers IndexedDB at all (false in some private modes).
pub fn available() -> bool {
    factory().is_ok()
}

/// Stores `json` under `key`, replacing what was there; records the time (js_sys::Date::now()).
pub async fn save(key: &str, json: &str) -> Result<(), String> {
    const WHAT: &str = "save the scan";
    let db = open().await?;
    let value = Object::new();
    let set = |name: &str, v: &JsValue| Reflect::set(&value, &JsValue::from_str(name), v);
    set("savedAtMs", &JsValue::from_f64(js_sys::Date::now())).and_then(|_| set("json", &JsValue::from_str(json))).map_err(|e| describe(WHAT, thrown(&e)))?;
    write(db, WHAT, |store| store.put_with_key(&value, &JsValue::from_str(key))).await
}

/// The scan saved under `key`, if any.
pub async fn load(key: &str) -> Result<Option<Saved>, String> {
    const WHAT: &str = "read the saved scan";
    let db = open().await?;
    let store = db.0.transaction_with_str(STORE).and_then(|tx| tx.object_store(STORE)).map_err(|e| describe(WHAT, thrown(&e)))?;
    let request = store.get(&JsValue::from_str(key)).map_err(|e| describe(WHAT, thrown(&e)))?;
    drop(db);
    JsFuture::from(settled(&request)).await.map_err(|_| describe(WHAT, request_failure(&request)))?;
    let value = request.result().map_err(|e| describe(WHAT, thrown(&e)))?;
    Ok(saved_from(&value))
}

/// Deletes what is saved under `key`.
pub async fn forget(key: &str) -> Result<(), String> {
    let db = open().await?;
    write(db, "forget the saved scan", |store| store.delete(&JsValue::from_str(key))).await
}

/// Deletes every saved scan (the whole object store), for a "Forget everything" control.
pub async fn forget_all() -> Result<(), String> {
    let db = open().await?;
    write(db, "forget the saved scans", |store| store.clear()).await
}

// web-sys offers `transaction`'s options argument only behind its unstable-API flag.
#[wasm_bindgen]
extern "C" {
    type DatabaseWithOptions;
    #[wasm_bindgen(method, catch, js_name = transaction)]
    fn transaction_with_options(this: &DatabaseWithOptions, store: &str, mode: &str, options: &Object) -> Result<IdbTransaction, JsValue>;
}

/// An open connection, closed when dropped. A close waits for the connection's transactions to finish,
/// so dropping it right after starting one is safe, and no connection outlives its call to hold up a
/// later version's upgrade in another tab.
struct Connection(IdbDatabase);

impl Drop for Connection {
    fn drop(&mut self) {
        self.0.close();
    }
}

#[cfg(target_arch = "wasm32")]
fn factory() -> Result<IdbFactory, String> {
    const NONE: &str = "This browser offers no local database (IndexedDB) here, so nothing can be kept in it; a private window may be why.";
    match web_sys::window().map(|w| w.indexed_db()) {
        Some(Ok(Some(factory))) => Ok(factory),
        Some(Err(e)) => Err(format!("{NONE} ({})", thrown(&e).reason())),
        _ => Err(NONE.to_string()),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn factory() -> Result<IdbFactory, String> {
    Err("IndexedDB exists only in a browser".to_string())
}

/// Opens the database, creating its one store the first time.
async fn open() -> Result<Connection, String> {
    let request = factory()?.open_with_u32(DATABASE, VERSION).map_err(|e| opening(thrown(&e)))?;
    let upgrade_failure: Rc<RefCell<Option<Failure>>> = Rc::default();
    let on_upgrade: Closure<dyn FnMut(JsValue)> = Closure::once({
        let request = request.clone();
        let upgrade_failure = upgrade_failure.clone();
        move |_: JsValue| {
            if let Err(failure) = create_store(&request) {
                upgrade_failure.replace(Some(failure));
                // The upgrade must not commit a database without its store: version 1 would stay so.
                if let Some(tx) = request.transaction() {
                    let _ = tx.abort();
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let outcome = JsFuture::from(settled(&request)).await;
    // `upgradeneeded` comes before `success` or `error`, so the closure is no longer needed.
    request.set_onupgradeneeded(None);
    drop(on_upgrade);
    if outcome.is_err() {
        return Err(opening(upgrade_failure.take().unwrap_or_else(|| request_failure(&request))));
    }
    match request.result().map(|r| r.dyn_into::<IdbDatabase>()) {
        Ok(Ok(db)) => Ok(Connection(db)),
        _ => Err(opening(Failure::new("UnknownError", "it answered without a database"))),
    }
}

fn create_store(request: &IdbOpenDbRequest) -> Result<(), Failure> {
    let db = request.result().map_err(|e| thrown(&e))?.dyn_into::<IdbDatabase>().map_err(|_| Failure::new("UnknownError", "the upgrade gave no database"))?;
    if !db.object_store_names().contains(STORE) {
        db.create_object_store(STORE).map_err(|e| thrown(&e))?;
    }
    Ok(())
}

/// Runs one change and waits for its transaction's `complete`, not the request's `success`: only then
/// is the change written. "strict" durability makes the browser flush it to disk before `complete`:
/// the default of Chromium (since 121), Firefox and Safari, "relaxed", fires it while the data is still
/// on its way. A browser that does not know the option ignores it.
async fn write(db: Connection, what: &str, change: impl FnOnce(&IdbObjectStore) -> Result<IdbRequest, JsValue>) -> Result<(), String> {
    let options = Object::new();
    Reflect::set(&options, &JsValue::from_str("durability"), &JsValue::from_str("strict")).map_err(|e| describe(what, thrown(&e)))?;
    let tx = db.0.unchecked_ref::<DatabaseWithOptions>().transaction_with_options(STORE, "readwrite", &options).map_err(|e| describe(what, thrown(&e)))?;
    let completed = completed(&tx);
    tx.object_store(STORE).and_then(|store| change(&store)).map_err(|e| describe(what, thrown(&e)))?;
    drop(db);
    // A failed request aborts its transaction, which then carries the request's error.
    JsFuture::from(completed).await.map(|_| ()).map_err(|_| describe(what, tx.error().map(Failure::from).unwrap_or_else(|| Failure::new("AbortError", "the change was cancelled"))))
}

/// Settles with the request: fulfilled on `success`, rejected on `error`. The browser's own resolve and
/// reject are the handlers, so no Rust closure is left behind whichever event fires.
fn settled(request: &IdbRequest) -> Promise {
    Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    })
}

/// Settles with the transaction: fulfilled on `complete`, rejected on `abort`.
fn completed(tx: &IdbTransaction) -> Promise {
    Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onabort(Some(&reject));
    })
}

/// A record of another shape (written by some other version) reads as nothing saved: the next save
/// replaces it.
fn saved_from(value: &JsValue) -> Option<Saved> {
    if !value.is_object() {
        return None;
    }
    let field = |name: &str| Reflect::get(value, &JsValue::from_str(name)).ok();
    Some(Saved { saved_at_ms: field("savedAtMs")?.as_f64()?, json: field("json")?.as_string()? })
}

/// Why the browser refused, as its DOMException names it.
struct Failure {
    name: String,
    message: String,
}

impl Failure {
    fn new(name: &str, message: &str) -> Failure {
        Failure { name: name.to_string(), message: message.to_string() }
    }

    fn reason(&self) -> String {
        if self.message.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.message.trim_end_matches('.'), self.name)
        }
    }

    fn is_quota(&self) -> bool {
        self.name == "QuotaExceededError"
    }
}

impl From<DomException> for Failure {
    fn from(e: DomException) -> Failure {
        Failure { name: e.name(), message: e.message() }
    }
}

/// What a call threw: usually a DOMException, but anything else is described too.
fn thrown(e: &JsValue) -> Failure {
    if let Some(e) = e.dyn_ref::<DomException>() {
        return Failure::from(e.clone());
    }
    if let Some(e) = e.dyn_ref::<js_sys::Error>() {
        return Failure { name: e.name().into(), message: e.message().into() };
    }
    Failure { name: "Error".to_string(), message: e.as_string().unwrap_or_default() }
}

fn request_failure(request: &IdbRequest) -> Failure {
    match request.error() {
        Ok(Some(e)) => Failure::from(e),
        Ok(None) => Failure::new("UnknownError", "no reason was given"),
        Err(e) => thrown(&e),
    }
}

fn describe(what: &str, failure: Failure) -> String {
    if failure.is_quota() {
        return format!("This browser's storage is full, so it could not {what}: free some space, or forget other saved data, and try again.");
    }
    format!("The local database (IndexedDB) would not {what}: {}.", failure.reason())
}

fn opening(failure: Failure) -> String {
    match failure.name.as_str() {
        _ if failure.is_quota() => "This browser's storage is full, so it would not open its local database (IndexedDB): free some space and try again.".to_string(),
        "VersionError" => format!("This browser's local database (IndexedDB) was written by a newer Runnerdeck, which this one cannot read: {}.", failure.reason()),
        _ => format!("This browser would not open its local database (IndexedDB): {}.", failure.reason()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quota_error_says_the_storage_is_full() {
        let message = describe("save the scan", Failure::new("QuotaExceededError", "The quota has been exceeded."));
        assert!(message.starts_with("This browser's storage is full, so it could not save the scan"), "{message}");
        assert!(opening(Failure::new("QuotaExceededError", "")).starts_with("This browser's storage is full"));
    }

    #[test]
    fn other_errors_name_the_browser_s_reason() {
        let message = describe("read the saved scan", Failure::new("UnknownError", "Internal error opening backing store."));
        assert_eq!(message, "The local database (IndexedDB) would not read the saved scan: Internal error opening backing store (UnknownError).");
        assert_eq!(opening(Failure::new("InvalidStateError", "")), "This browser would not open its local database (IndexedDB): InvalidStateError.");
        assert!(opening(Failure::new("VersionError", "The requested version (1) is less than the existing version (2).")).contains("newer Runnerdeck"));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn outside_a_browser_every_call_answers_instead_of_panicking() {
        use futures::executor::block_on;
        let here = Err("IndexedDB exists only in a browser".to_string());
        assert!(!available());
        assert_eq!(block_on(save("k", "{}")), here);
        assert_eq!(block_on(load("k")), Err("IndexedDB exists only in a browser".to_string()));
        assert_eq!(block_on(forget("k")), here);
        assert_eq!(block_on(forget_all()), here);
    }
}
