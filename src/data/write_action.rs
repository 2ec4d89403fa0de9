//! The single-write action every page uses: one `WriteOp`, logged in the activity log, answering
//! with the sentence to show on success. Pages render its `value()` and `pending()`.
use leptos::prelude::*;

use super::activity::{perform, Activity};
use super::writes::{Answer, WriteOp};
use super::{PageApi, Toasts};
use crate::github::ApiError;

/// (the write, the sentence to show when it succeeds)
pub type WriteInput = (WriteOp, String);
pub type WriteAction = Action<WriteInput, Result<(String, Answer), ApiError>>;

/// A new single-write action for this page. The write itself is not tied to the page: once sent
/// it finishes and is logged even if the user navigates away.
pub fn write_action(api: PageApi) -> WriteAction {
    action(api, false)
}

/// The same, for writes whose page goes away when they succeed (a deleted runner or group, a new
/// group): the sentence is also shown as a toast by the shell, even if the user has left already.
pub fn write_action_toasting(api: PageApi) -> WriteAction {
    action(api, true)
}

fn action(api: PageApi, toast: bool) -> WriteAction {
    let activity = expect_context::<Activity>();
    let toasts = toast.then(use_context::<Toasts>).flatten();
    Action::new_local(move |(op, done): &WriteInput| {
        let client = api.write_client();
        let (op, done) = (op.clone(), done.clone());
        async move {
            let answer = perform(activity, client?, op).await?;
            // The toasts belong to the shell, which outlives the page.
            if let Some(t) = toasts {
                t.show(done.clone());
            }
            Ok((done, answer))
        }
    })
}
