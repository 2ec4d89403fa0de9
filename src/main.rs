//! Entry point: installs the debug panic hook and mounts the console.
fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(runnerdeck::app::App);
}
