//! The connection (API base and token) as a context, and the policy for where it is kept.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::github::{ApiBase, Token};

const STORAGE_KEY: &str = "runnerdeck.session";

/// Who the console talks to, and with which token.
#[derive(Clone, Debug)]
pub struct Connection {
    pub base: ApiBase,
    pub token: Token,
    /// Opt-in: keep the connection in sessionStorage so a reload in this tab does not lose it.
    pub remember: bool,
}

/// The connection shared by every page; `None` until the user connects.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<Connection>>);

#[derive(Serialize, Deserialize)]
struct Stored {
    api_root: String,
    web_root: String,
    token: String,
}

impl Session {
    /// Memory only, unless an earlier "remember" left a connection in this tab's sessionStorage.
    pub fn restore() -> Self {
        let stored = session_storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|json| serde_json::from_str::<Stored>(&json).ok())
            .map(|s| Connection {
                base: ApiBase { api_root: s.api_root, web_root: s.web_root },
                token: Token::new(s.token),
                remember: true,
            });
        Session(RwSignal::new(stored))
    }

    pub fn connect(&self, connection: Connection) {
        if let Some(storage) = session_storage() {
            if connection.remember {
                let stored = Stored {
                    api_root: connection.base.api_root.clone(),
                    web_root: connection.base.web_root.clone(),
                    token: connection.token.expose().to_string(),
                };
                if let Ok(json) = serde_json::to_string(&stored) {
                    let _ = storage.set_item(STORAGE_KEY, &json);
                }
            } else {
                let _ = storage.remove_item(STORAGE_KEY);
            }
        }
        self.0.set(Some(connection));
    }

    /// Forgets the connection everywhere it was kept.
    pub fn disconnect(&self) {
        if let Some(storage) = session_storage() {
            let _ = storage.remove_item(STORAGE_KEY);
        }
        self.0.set(None);
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}
