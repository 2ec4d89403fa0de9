//! The current view of the runners list as CSV or JSON, for download. Pure.
use serde_json::json;

use crate::fleet::Status;
use crate::github::models::Runner;

pub const CSV_HEADER: [&str; 9] = ["id", "name", "status", "os", "labels", "custom_labels", "runner_group", "ephemeral", "version"];

/// A CSV cell: quoted when needed, and defused when a spreadsheet would read it as a formula.
fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// Any table as CSV, each cell defused and quoted as needed.
pub fn table_csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = header.join(",");
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn to_csv(runners: &[Runner], group_name: &dyn Fn(Option<u64>) -> String) -> String {
    let mut out = CSV_HEADER.join(",");
    out.push_str("\r\n");
    for r in runners {
        let labels: Vec<&str> = r.labels.iter().map(|l| l.name.as_str()).collect();
        let custom: Vec<&str> = r.custom_labels().map(|l| l.name.as_str()).collect();
        let row = [
            r.id.to_string(),
            r.name.clone(),
            Status::of(r).label().to_string(),
            r.os.clone(),
            labels.join(";"),
            custom.join(";"),
            group_name(r.runner_group_id),
            r.ephemeral.map(|e| e.to_string()).unwrap_or_default(),
            r.version.clone().unwrap_or_default(),
        ];
        out.push_str(&row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn to_json(runners: &[Runner], group_name: &dyn Fn(Option<u64>) -> String) -> String {
    let rows: Vec<serde_json::Value> = runners
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "status": Status::of(r).label(),
                "os": r.os,
                "labels": r.labels,
                "runner_group_id": r.runner_group_id,
                "runner_group": group_name(r.runner_group_id),
                "ephemeral": r.ephemeral,
                "version": r.version,
            })
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into())
}

/// Offers a text as a file download.
pub fn save_file(name: &str, text: &str, mime: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(a) = doc.create_element("a") {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download(name);
            a.set_attribute("data-testid", "download-link").ok();
            a.set_attribute("hidden", "").ok();
            if let Some(body) = doc.body() {
                let _ = body.append_child(&a);
                a.click();
                a.remove();
            }
        }
    }
    // Revoke later: the browser reads the blob after the click returns.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::github::models::{LabelType, RunnerLabel, RunnerStatus};

    fn hostile() -> Runner {
        Runner {
            id: 7,
            runner_group_id: Some(2),
            name: "=HYPERLINK(\"x\"),\"quoted\"".into(),
            os: "Linux".into(),
            status: RunnerStatus::Online,
            busy: true,
            labels: vec![
                RunnerLabel { id: None, name: "self-hosted".into(), label_type: Some(LabelType::ReadOnly) },
                RunnerLabel { id: None, name: "עברית".into(), label_type: Some(LabelType::Custom) },
            ],
            ephemeral: None,
            version: None,
        }
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let csv = to_csv(&[hostile()], &|_| "build, fast".into());
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "id,name,status,os,labels,custom_labels,runner_group,ephemeral,version");
        assert_eq!(lines[1], "7,\"'=HYPERLINK(\"\"x\"\"),\"\"quoted\"\"\",Active,Linux,self-hosted;עברית,עברית,\"build, fast\",,");
    }

    #[test]
    fn json_keeps_the_data_verbatim() {
        let v: serde_json::Value = serde_json::from_str(&to_json(&[hostile()], &|_| "build".into())).unwrap();
        assert_eq!(v[0]["name"], "=HYPERLINK(\"x\"),\"quoted\"");
        assert_eq!(v[0]["status"], "Active");
        assert_eq!(v[0]["labels"][1]["type"], "custom");
        assert_eq!(v[0]["runner_group"], "build");
    }
}
