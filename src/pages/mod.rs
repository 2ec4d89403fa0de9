//! One routed page per file.
mod activity;
mod add_runner;
mod connect;
mod fleet;
mod group;
mod group_new;
mod groups;
mod not_found;
mod policy;
mod runner;
mod runner_events;
mod runners;
mod scope_layout;

pub use activity::ActivityPage;
pub use add_runner::AddRunnerPage;
pub use connect::ConnectPage;
pub use fleet::FleetPage;
pub use group::GroupPage;
pub use group_new::GroupNewPage;
pub use groups::GroupsPage;
pub use not_found::NotFoundPage;
pub use policy::PolicyPage;
pub use runner::RunnerPage;
pub use runner_events::RunnerEventsPage;
pub use runners::RunnersPage;
pub use scope_layout::ScopeLayout;
