//! Adding a runner: the OS and architecture from the downloads endpoint, a one-click registration
//! token inside a complete setup script, a remove token, and just-in-time configs.
use leptos::prelude::*;

use crate::components::{ErrorBox, ExpiringCommand, RemoveTokenPanel};
use crate::data::activity::{perform_jit, perform_token};
use crate::data::{scope_groups, Activity, PageApi, Write, WriteOp};
use crate::fleet::{parse_labels, validate_labels};
use crate::github::models::{AuthenticationToken, JitConfig, JitConfigRequest, RunnerApplication};
use crate::github::request as ops;
use crate::github::{ApiError, Feature, Scope};
use crate::script::{jit_command, options_warning, setup_script, Expiry, ScriptRefusal, SetupOptions, JIT_CONFIG_LIFETIME_SECS};
use crate::session::Session;

/// GitHub's Default group id, which repository-level JIT configs name.
const DEFAULT_GROUP_ID: u64 = 1;

#[component]
pub fn AddRunnerPage() -> impl IntoView {
    let scope = expect_context::<Scope>();
    view! { <AddRunnerView scope=scope /> }
}

fn os_name(os: &str) -> &str {
    match os {
        "linux" => "Linux",
        "osx" => "macOS",
        "win" => "Windows",
        other => other,
    }
}

#[component]
fn AddRunnerView(scope: Scope) -> impl IntoView {
    let session = expect_context::<Session>();
    let activity = expect_context::<Activity>();
    let api = PageApi::new();
    let scope_sv = StoredValue::new(scope.clone());
    let downloads = LocalResource::new(move || {
        let client = api.client();
        let call = ops::list_runner_applications(&scope_sv.get_value());
        async move { client?.send(call).await }
    });
    let groups = LocalResource::new(move || {
        let client = api.client();
        let scope = scope_sv.get_value();
        async move { scope_groups(&client?, &scope).await }
    });
    let apps = Signal::derive(move || downloads.get().and_then(Result::ok).unwrap_or_default());
    let group_list = Signal::derive(move || groups.get().and_then(Result::ok).unwrap_or_default());

    let (os, set_os) = signal(String::new());
    let (arch, set_arch) = signal(String::new());
    let oses = move || {
        let mut v: Vec<String> = apps.get().into_iter().map(|a| a.os).collect();
        v.dedup();
        crate::order::sort(&mut v);
        v.dedup();
        v
    };
    let chosen_os = move || {
        let o = os.get();
        if o.is_empty() {
            oses().into_iter().find(|x| x == "linux").or_else(|| oses().into_iter().next()).unwrap_or_default()
        } else {
            o
        }
    };
    let arches = move || {
        let o = chosen_os();
        apps.get().into_iter().filter(|a| a.os == o).map(|a| a.architecture).collect::<Vec<_>>()
    };
    let chosen_arch = move || {
        let a = arch.get();
        let list = arches();
        if list.contains(&a) {
            a
        } else {
            list.iter().find(|x| *x == "x64").cloned().or_else(|| list.first().cloned()).unwrap_or_default()
        }
    };
    let app = move || -> Option<RunnerApplication> {
        let (o, a) = (chosen_os(), chosen_arch());
        apps.get().into_iter().find(|x| x.os == o && x.architecture == a)
    };

    let (name, set_name) = signal(String::new());
    let (labels, set_labels) = signal(String::new());
    let (group, set_group) = signal(String::new());
    let (ephemeral, set_ephemeral) = signal(false);
    let (unattended, set_unattended) = signal(true);
    let (service, set_service) = signal(false);
    let label_error = move || {
        let read_only = ["self-hosted".to_string(), "Linux".into(), "Windows".into(), "macOS".into(), "X64".into(), "ARM64".into(), "ARM".into()];
        validate_labels(&parse_labels(&labels.get()), &read_only).err()
    };

    let register = Action::new_local(move |_: &()| {
        let client = api.write_client();
        let op = WriteOp::new(&scope_sv.get_value(), Write::RegistrationToken, "registration token");
        async move { perform_token(activity, client?, op).await }
    });
    let token = register.value();
    let options = move || SetupOptions {
        name: name.get().trim().to_string(),
        labels: parse_labels(&labels.get()),
        runner_group: group.get(),
        ephemeral: ephemeral.get(),
        unattended: unattended.get(),
        service: service.get(),
    };
    // Nothing to show until the token, the download and the connection are all there.
    let script = Signal::derive(move || -> Result<String, ScriptRefusal> {
        let made = || {
            let t: AuthenticationToken = token.get()?.ok()?;
            let base = session.connection.with(|c| c.as_ref().map(|c| c.base().clone()))?;
            Some(setup_script(&app()?, &scope_sv.with_value(|s| s.config_url(&base)), &t.token, &options()))
        };
        made().unwrap_or_else(|| Ok(String::new()))
    });

    // JIT config
    let (jit_name, set_jit_name) = signal(String::new());
    let (jit_group, set_jit_group) = signal(String::new());
    let (jit_labels, set_jit_labels) = signal(String::new());
    let (jit_folder, set_jit_folder) = signal("_work".to_string());
    let (jit_error, set_jit_error) = signal(None::<String>);
    let jit = Action::new_local(move |request: &JitConfigRequest| {
        let client = api.write_client();
        let op = WriteOp::new(&scope_sv.get_value(), Write::Jit(request.clone()), request.name.clone());
        async move { perform_jit(activity, client?, op).await }
    });
    let jit_result = jit.value();
    let submit_jit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let runner_name = jit_name.get_untracked().trim().to_string();
        if runner_name.is_empty() {
            return set_jit_error.set(Some("Give the runner a name.".into()));
        }
        let labels = parse_labels(&jit_labels.get_untracked());
        if labels.is_empty() {
            return set_jit_error.set(Some("A JIT runner needs at least one label (up to 100).".into()));
        }
        if let Err(e) = validate_labels(&labels, &[]) {
            return set_jit_error.set(Some(e));
        }
        let runner_group_id = if scope_sv.with_value(Scope::has_groups) {
            match jit_group.get_untracked().parse::<u64>().ok().or_else(|| group_list.get_untracked().iter().find(|g| g.default && !g.is_inherited()).map(|g| g.id)) {
                Some(id) => id,
                None => return set_jit_error.set(Some("Pick a runner group.".into())),
            }
        } else {
            DEFAULT_GROUP_ID
        };
        set_jit_error.set(None);
        let folder = jit_folder.get_untracked().trim().to_string();
        jit.dispatch(JitConfigRequest { name: runner_name, runner_group_id, labels, work_folder: (!folder.is_empty()).then_some(folder) });
    };

    let has_groups = scope.has_groups();
    // A server without `generate-jitconfig` (GHES before 3.10) is never asked: it would answer 404.
    let jit_off = session.lacks(Feature::JitConfig);
    let jit_on = jit_off.is_none();
    view! {
        <section class="panel" data-testid="add-runner">
            <h2>"1. Choose the machine"</h2>
            {move || downloads.get().and_then(Result::err).map(|e| view! { <ErrorBox error=e scope=scope_sv.get_value() /> })}
            <div class="inline-form">
                <label>
                    "Operating system"
                    <select data-testid="pick-os" prop:value=chosen_os on:change:target=move |ev| set_os.set(ev.target().value())>
                        {move || oses().into_iter().map(|o| view! { <option value=o.clone()>{os_name(&o).to_string()}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "Architecture"
                    <select data-testid="pick-arch" prop:value=chosen_arch on:change:target=move |ev| set_arch.set(ev.target().value())>
                        {move || arches().into_iter().map(|a| view! { <option value=a.clone()>{a.clone()}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            {move || app().map(|a| view! { <p class="hint" data-testid="download-file">{format!("Downloads {}", a.filename)}</p> })}

            <h2>"2. Options"</h2>
            <div class="form-grid">
                <label>"Runner name (optional)"<input type="text" data-testid="opt-name" prop:value=name on:input:target=move |ev| set_name.set(ev.target().value()) /></label>
                <label>"Extra labels (optional)"<input type="text" data-testid="opt-labels" placeholder="gpu, large" prop:value=labels on:input:target=move |ev| set_labels.set(ev.target().value()) /></label>
                {has_groups.then(|| view! {
                    <label>
                        "Runner group"
                        <select data-testid="opt-group" prop:value=group on:change:target=move |ev| set_group.set(ev.target().value())>
                            <option value="">"Default"</option>
                            {move || group_list.get().into_iter().filter(|g| !g.default && !g.is_inherited()).map(|g| view! { <option value=g.name.clone()>{g.name.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                })}
                <label class="checkbox"><input type="checkbox" data-testid="opt-ephemeral" prop:checked=ephemeral on:change:target=move |ev| set_ephemeral.set(ev.target().checked()) />"Ephemeral: take one job, then unregister"</label>
                <label class="checkbox"><input type="checkbox" data-testid="opt-unattended" prop:checked=unattended on:change:target=move |ev| set_unattended.set(ev.target().checked()) />"Unattended: ask no questions"</label>
                <label class="checkbox"><input type="checkbox" data-testid="opt-service" prop:checked=service on:change:target=move |ev| set_service.set(ev.target().checked()) />"Install as a service instead of running in the terminal"</label>
            </div>
            {move || label_error().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || options_warning(&options()).map(|w| view! { <p class="warning" role="alert" data-testid="ephemeral-service-warning">{w}</p> })}

            <h2>"3. Register"</h2>
            <button type="button" class="primary" data-testid="create-registration-token" on:click=move |_| { register.dispatch(()); } disabled=move || register.pending().get()>
                {move || if token.with(|t| t.as_ref().is_some_and(Result::is_ok)) { "Create a new registration token" } else { "Create a registration token" }}
            </button>
            {move || token.get().and_then(Result::err).map(|e| view! { <ErrorBox error=e scope=scope_sv.get_value() /> })}
            {move || {
                let t = token.get().and_then(Result::ok)?;
                Some(view! {
                    <p class="hint">"Run this on the new runner's machine. The token works for one hour."</p>
                    <ExpiringCommand command=script expires_at=Expiry::At(t.expires_at.clone()) testid="setup-script" name="setup script" secret="registration token" />
                })
            }}
        </section>

        <section class="panel">
            <h2>"Remove a runner from its machine"</h2>
            <RemoveTokenPanel scope=scope_sv.get_value() />
        </section>

        <section class="panel" data-testid="jit">
            <h2>"Just-in-time runner"</h2>
            <p class="hint">"A JIT config registers one ephemeral runner without a registration step: start it with the line below."</p>
            {jit_off.clone().map(|why| view! { <p class="warning" role="status" data-testid="jit-unavailable">{why}</p> })}
            <Show when=move || jit_on>
            <form class="form-grid" on:submit=submit_jit>
                <label>"Name"<input type="text" data-testid="jit-name" required prop:value=jit_name on:input:target=move |ev| set_jit_name.set(ev.target().value()) /></label>
                {if has_groups {
                    view! {
                        <label>
                            "Runner group"
                            <select data-testid="jit-group" prop:value=jit_group on:change:target=move |ev| set_jit_group.set(ev.target().value())>
                                {move || group_list.get().into_iter().filter(|g| !g.is_inherited()).map(|g| view! { <option value=g.id.to_string()>{g.name.clone()}</option> }).collect_view()}
                            </select>
                        </label>
                    }.into_any()
                } else {
                    view! { <p class="hint">"Runner group: Default (repository runners have no groups)."</p> }.into_any()
                }}
                <label>"Labels (1 to 100)"<input type="text" data-testid="jit-labels" placeholder="gpu, large" prop:value=jit_labels on:input:target=move |ev| set_jit_labels.set(ev.target().value()) /></label>
                <label>"Work folder"<input type="text" data-testid="jit-folder" prop:value=jit_folder on:input:target=move |ev| set_jit_folder.set(ev.target().value()) /></label>
                <button type="submit" data-testid="jit-submit" disabled=move || jit.pending().get()>"Generate JIT config"</button>
            </form>
            </Show>
            {move || jit_error.get().map(|e| view! { <p class="error" role="alert" data-testid="jit-error">{e}</p> })}
            {move || jit_result.get().map(|r: Result<JitConfig, ApiError>| match r {
                Ok(config) => {
                    let encoded = config.encoded_jit_config;
                    let line = Signal::derive(move || jit_command(chosen_os() == "win", &encoded));
                    view! {
                        <p class="ok" role="status" data-testid="jit-created">{format!("Runner {} (id {}) is registered and offline until it starts.", config.runner.name, config.runner.id)}</p>
                        <ExpiringCommand command=line expires_at=Expiry::After(JIT_CONFIG_LIFETIME_SECS) testid="jit-command" name="JIT command" secret="JIT config" />
                    }.into_any()
                }
                Err(ApiError::Conflict { .. }) => view! {
                    <p class="error" role="alert" data-testid="jit-conflict">"A runner with this name already exists here. Pick another name, or delete the old runner first."</p>
                }.into_any(),
                Err(e) => view! { <ErrorBox error=e scope=scope_sv.get_value() /> }.into_any(),
            })}
        </section>
    }
}
