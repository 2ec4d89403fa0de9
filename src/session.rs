//! The connection (API base, token, identity) as a context, and the policy for where it is kept:
//! memory only by default, this tab's sessionStorage when the user opts in.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::github::http::Wait;
use crate::github::lists::Identity;
use crate::github::{ApiBase, ApiError, Client, Feature, RateLimit, Scope, Token};

const STORAGE_KEY: &str = "runnerdeck.session";
const RECENT_KEY: &str = "runnerdeck.recent";
const RECENT_MAX: usize = 8;

/// Who the console talks to, and as whom.
#[derive(Clone, Debug)]
pub struct Connection {
    pub client: Client,
    /// Opt-in: keep the connection in sessionStorage so a reload in this tab does not lose it.
    pub remember: bool,
    /// Filled once `GET /user` has answered; `None` while a restored session is being checked.
    pub identity: Option<Identity>,
}

impl Connection {
    pub fn base(&self) -> &ApiBase {
        self.client.base()
    }
}

/// Why connecting failed, each with its own message.
#[derive(Clone, Debug, PartialEq)]
pub enum ConnectProblem {
    BadUrl(String),
    EmptyToken,
    /// The token holds characters a header cannot carry.
    UnsendableToken(String),
    /// `http://` to another machine, not confirmed.
    PlainHttp {
        host: String,
    },
    BadToken,
    Unreachable {
        host: String,
    },
    CorsBlocked {
        host: String,
    },
    /// The browser cannot tell the two apart (a cross-origin isolated page).
    UnreachableOrBlocked {
        host: String,
    },
    NotGitHub {
        host: String,
    },
    Other(ApiError),
}

impl std::fmt::Display for ConnectProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectProblem::BadUrl(m) => write!(f, "{m}"),
            ConnectProblem::EmptyToken => write!(f, "Paste a personal access token to connect."),
            ConnectProblem::UnsendableToken(why) => write!(f, "{why}"),
            ConnectProblem::PlainHttp { host } => {
                write!(f, "http://{host} is not encrypted: the token would cross the network in the clear. Use https://, or tick “Send the token unencrypted” below if this network is trusted.")
            }
            ConnectProblem::BadToken => write!(f, "GitHub rejected this token (401 Bad credentials). Check that it was copied whole and has not expired or been revoked."),
            ConnectProblem::Unreachable { host } => write!(f, "Could not reach {host}. Check the URL for typos, and your network or VPN; then try again."),
            ConnectProblem::CorsBlocked { host } => write!(
                f,
                "{host} answered, but the browser blocked reading the answer (CORS). The server must allow requests from this page's origin ({}); ask your GitHub Enterprise administrator.",
                page_origin()
            ),
            ConnectProblem::UnreachableOrBlocked { host } => {
                write!(f, "Could not reach {host}, or the browser blocked its answer (CORS). Check the URL and your network or VPN, and that {host} allows requests from {}.", page_origin())
            }
            ConnectProblem::NotGitHub { host } => {
                write!(f, "{host} answered, but not like a GitHub API. For GitHub Enterprise Server use https://HOST/api/v3; for github.com use https://api.github.com.")
            }
            ConnectProblem::Other(e) => write!(f, "{e}"),
        }
    }
}

fn page_origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_else(|| "this page".into())
}

/// How the client talks to the API; both have safe defaults.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClientOptions {
    /// Send `X-GitHub-Api-Version`; off because browsers have rejected it in CORS preflights.
    pub api_version_header: bool,
    /// Requests in flight while loading pages; `None`: by server.
    pub concurrency: Option<usize>,
}

/// Checks a base URL and token against the API and returns a verified connection. `plain_http_ok`
/// is the user's explicit, unremembered consent to send the token over `http://` to another machine.
pub async fn verify(base_url: &str, token: &str, remember: bool, plain_http_ok: bool, options: ClientOptions) -> Result<Connection, ConnectProblem> {
    let base = ApiBase::parse(base_url).map_err(ConnectProblem::BadUrl)?;
    let token = Token::new(token);
    if token.is_empty() {
        return Err(ConnectProblem::EmptyToken);
    }
    if let Some(why) = token.problem() {
        return Err(ConnectProblem::UnsendableToken(why));
    }
    if base.is_plaintext_remote() && !plain_http_ok {
        return Err(ConnectProblem::PlainHttp { host: base.host().to_string() });
    }
    // An unencrypted connection is never kept: a reload must ask again.
    let remember = remember && !base.is_plaintext_remote();
    let typed_path = base_url.contains("/api/v3");
    let client = Client::with_options(base.clone(), token.clone(), options.api_version_header, options.concurrency);
    match client.whoami().await {
        Ok(identity) => Ok(Connection { client, remember, identity: Some(identity) }),
        Err(e) => match classify(&client, e).await {
            // Not at /api/v3: perhaps the API lives at the host's root, as github.com's does.
            problem @ ConnectProblem::NotGitHub { .. } if !typed_path => {
                let Some(at_root) = base.at_root() else { return Err(problem) };
                let client = Client::with_options(at_root, token, options.api_version_header, options.concurrency);
                match client.whoami().await {
                    Ok(identity) => Ok(Connection { client, remember, identity: Some(identity) }),
                    Err(_) => Err(problem),
                }
            }
            problem => Err(problem),
        },
    }
}

async fn classify(client: &Client, e: ApiError) -> ConnectProblem {
    let host = client.base().host().to_string();
    match e {
        ApiError::BadCredentials => ConnectProblem::BadToken,
        ApiError::Network { .. } => match client.host_answers().await {
            Some(true) => ConnectProblem::CorsBlocked { host },
            Some(false) => ConnectProblem::Unreachable { host },
            None => ConnectProblem::UnreachableOrBlocked { host },
        },
        ApiError::Undecodable { .. } | ApiError::NotFound { .. } => ConnectProblem::NotGitHub { host },
        other => ConnectProblem::Other(other),
    }
}

/// The connection shared by every page, and the recently used scopes.
#[derive(Clone, Copy)]
pub struct Session {
    pub connection: RwSignal<Option<Connection>, LocalStorage>,
    pub recent: RwSignal<Vec<Scope>>,
    /// Set when a remembered session could not be re-verified.
    pub restore_error: RwSignal<Option<String>>,
    /// The last rate-limit headers GitHub sent, for the header.
    pub rate: RwSignal<Option<RateLimit>>,
    /// A wait the client is doing before it tries again, shown with a countdown.
    pub wait: RwSignal<Option<Wait>>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    api_root: String,
    web_root: String,
    token: String,
    #[serde(default)]
    api_version_header: bool,
    #[serde(default)]
    concurrency: Option<usize>,
}

impl Session {
    /// Memory only, unless an earlier "remember" left a connection in this tab's sessionStorage;
    /// a restored connection is checked again before it is trusted.
    pub fn restore() -> Self {
        let stored = session_storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|json| serde_json::from_str::<Stored>(&json).ok())
            // Only what `verify` would accept again without asking.
            .filter(|s| !ApiBase { api_root: s.api_root.clone(), web_root: s.web_root.clone() }.is_plaintext_remote() && Token::new(s.token.as_str()).problem().is_none())
            .map(|s| Connection {
                client: Client::with_options(ApiBase { api_root: s.api_root, web_root: s.web_root }, Token::new(s.token), s.api_version_header, s.concurrency),
                remember: true,
                identity: None,
            });
        let recent = session_storage()
            .and_then(|s| s.get_item(RECENT_KEY).ok().flatten())
            .and_then(|json| serde_json::from_str::<Vec<String>>(&json).ok())
            .map(|list| list.iter().filter_map(|s| Scope::parse(s).ok()).collect())
            .unwrap_or_default();
        let session =
            Session { connection: RwSignal::new_local(stored.clone()), recent: RwSignal::new(recent), restore_error: RwSignal::new(None), rate: RwSignal::new(None), wait: RwSignal::new(None) };
        if let Some(c) = stored {
            session.watch(&c.client);
            leptos::task::spawn_local(async move {
                match c.client.whoami().await {
                    Ok(identity) => {
                        session.connection.try_update(|slot| {
                            if let Some(current) = slot.as_mut().filter(|cur| cur.client == c.client) {
                                current.identity = Some(identity);
                            }
                        });
                    }
                    Err(e) => {
                        let problem = classify(&c.client, e).await;
                        // The app may have gone meanwhile: only a live session is changed.
                        if session.connection.try_with_untracked(|_| ()).is_some() {
                            session.disconnect();
                            session.restore_error.try_set(Some(format!("The remembered connection no longer works: {problem}")));
                        }
                    }
                }
            });
        }
        session
    }

    /// Lets the header show the client's rate limit and its waits. The hooks outlive pages and may
    /// outlive the app, so they only ever `try_set`.
    fn watch(&self, client: &Client) {
        let (rate, wait) = (self.rate, self.wait);
        client.on_rate(move |r| {
            rate.try_set(Some(r.clone()));
        });
        client.on_wait(move |w| {
            wait.try_set(w);
        });
    }

    pub fn connect(&self, connection: Connection) {
        self.watch(&connection.client);
        if let Some(rate) = connection.client.rate_limit() {
            self.rate.try_set(Some(rate));
        }
        if let Some(storage) = session_storage() {
            if connection.remember {
                let stored = Stored {
                    api_root: connection.base().api_root.clone(),
                    web_root: connection.base().web_root.clone(),
                    token: connection.client.token().expose().to_string(),
                    api_version_header: connection.client.api_version_header(),
                    concurrency: connection.client.chosen_concurrency(),
                };
                if let Ok(json) = serde_json::to_string(&stored) {
                    let _ = storage.set_item(STORAGE_KEY, &json);
                }
            } else {
                let _ = storage.remove_item(STORAGE_KEY);
            }
        }
        self.restore_error.try_set(None);
        self.connection.try_set(Some(connection));
    }

    /// Forgets the connection and the recent scopes everywhere they were kept.
    pub fn disconnect(&self) {
        if let Some(storage) = session_storage() {
            let _ = storage.remove_item(STORAGE_KEY);
            let _ = storage.remove_item(RECENT_KEY);
        }
        self.recent.set(vec![]);
        self.rate.set(None);
        self.wait.set(None);
        self.connection.set(None);
    }

    pub fn client(&self) -> Option<Client> {
        self.connection.with(|c| c.as_ref().map(|c| c.client.clone()))
    }

    /// The client without tracking; `None` also when the session is gone.
    pub fn client_untracked(&self) -> Option<Client> {
        self.connection.try_with_untracked(|c| c.as_ref().map(|c| c.client.clone())).flatten()
    }

    /// The client, or the error a page shows when there is none.
    pub fn client_or_err(&self) -> Result<Client, ApiError> {
        self.client().ok_or(ApiError::NotConnected)
    }

    /// Why the connected server lacks `feature`, or `None` when it has it (or is not known yet).
    /// Untracked: a page decides once, from the server it opened against.
    pub fn lacks(&self, feature: Feature) -> Option<String> {
        self.connection.with_untracked(|c| c.as_ref()?.identity.as_ref()?.server.supports(feature).err())
    }

    pub fn is_connected(&self) -> bool {
        self.connection.with(Option::is_some)
    }

    /// Remembers a scope the user opened, most recent first.
    pub fn visited(&self, scope: &Scope) {
        if self.recent.with_untracked(|r| r.first() == Some(scope)) {
            return;
        }
        self.recent.update(|r| {
            r.retain(|s| s != scope);
            r.insert(0, scope.clone());
            r.truncate(RECENT_MAX);
        });
        let remember = self.connection.with_untracked(|c| c.as_ref().is_some_and(|c| c.remember));
        if remember {
            if let Some(storage) = session_storage() {
                let list: Vec<String> = self.recent.get_untracked().iter().map(crate::routes::scope_root).collect();
                if let Ok(json) = serde_json::to_string(&list) {
                    let _ = storage.set_item(RECENT_KEY, &json);
                }
            }
        }
    }
}

const API_URLS_KEY: &str = "runnerdeck.api_urls";
const API_URLS_MAX: usize = 5;

/// The API URLs connected to before, newest first, from localStorage: they are not secrets.
pub fn recent_api_urls() -> Vec<String> {
    local_storage().and_then(|s| s.get_item(API_URLS_KEY).ok().flatten()).and_then(|json| serde_json::from_str::<Vec<String>>(&json).ok()).unwrap_or_default()
}

/// Puts `api_root` first among the remembered API URLs.
pub fn remember_api_url(api_root: &str) {
    let mut urls = recent_api_urls();
    urls.retain(|u| u != api_root);
    urls.insert(0, api_root.to_string());
    urls.truncate(API_URLS_MAX);
    if let (Some(storage), Ok(json)) = (local_storage(), serde_json::to_string(&urls)) {
        let _ = storage.set_item(API_URLS_KEY, &json);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}
