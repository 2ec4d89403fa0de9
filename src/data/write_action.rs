//! The single-write action every page uses: one `WriteOp`, logged in the activity log, answering
//! with the sentence to show on success. Pages render its `value()` and `pending()`.
use leptos::prelude::*;

use super::activity::{perform, Activity};
use super::writes::{Answer, WriteOp};
use super::PageApi;
use crate::github::ApiError;

/// (the write, the sentence to show when it succeeds)
pub type WriteInput = (WriteOp, String);
pub type WriteAction = Action<WriteInput, Result<(String, Answer), ApiError>>;

/// A new single-write action for this page. The write itself is not tied to the page: once sent
/// it finishes and is logged even if the user navigates away.
pub fn write_action(api: PageApi) -> WriteAction {
    let activity = expect_context::<Activity>();
    Action::new_local(move |(op, done): &WriteInput| {
        let client = api.write_client();
        let (op, done) = (op.clone(), done.clone());
        async move {
            let answer = perform(activity, client?, op).await?;
            Ok((done, answer))
        }
    })
}

/// Shows the action's sentence as a toast when a write succeeds: for writes whose page goes away.
pub fn toast_on_success(action: WriteAction) {
    let toasts = expect_context::<super::Toasts>();
    Effect::new(move |_| {
        if let Some(Ok((done, _))) = action.value().get() {
            toasts.show(done);
        }
    });
}
