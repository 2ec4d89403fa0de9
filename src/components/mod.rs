//! Reusable widgets, one public component per file.
mod confirm_dialog;
mod connect_form;
mod connection_status;
mod copy_button;
mod error_box;
mod expiring_command;
mod label_chip;
mod progress_bar;
mod remove_token_panel;
mod require_connection;
mod runner_table;
mod scope_header;
mod status_badge;

pub use confirm_dialog::ConfirmDialog;
pub use connect_form::ConnectForm;
pub use connection_status::ConnectionStatus;
pub use copy_button::CopyButton;
pub use error_box::ErrorBox;
pub use expiring_command::ExpiringCommand;
pub use label_chip::LabelChip;
pub use progress_bar::ProgressBar;
pub use remove_token_panel::RemoveTokenPanel;
pub use require_connection::RequireConnection;
pub use runner_table::RunnerTable;
pub use scope_header::ScopeHeader;
pub use status_badge::StatusBadge;
