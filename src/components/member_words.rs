//! What each kind of member list calls its removals and replacements, and what they do.
use crate::data::{Kind, MemberList};

/// What a list's removals and replacements are called, and what they do.
#[derive(Clone, Copy)]
pub(super) struct Words {
    pub(super) testid: &'static str,
    /// "Remove 2 runners" from this group, "Take away access from 2 repositories".
    pub(super) remove: &'static str,
    pub(super) removal_job: &'static str,
    pub(super) removed: &'static str,
    /// Said under a replacement's diff when it takes members off.
    pub(super) replaced: &'static str,
}

impl Words {
    pub(super) fn of(list: &MemberList) -> Words {
        match list {
            MemberList::Group { kind: Kind::Runners, .. } => Words {
                testid: "members",
                remove: "Remove",
                removal_job: "Put back in the Default group",
                removed: "They go back to the Default group, where other repositories may pick them up.",
                replaced: "Runners taken out go back to the Default group.",
            },
            MemberList::Group { kind: Kind::Access, .. } => Words {
                testid: "access",
                remove: "Take away access from",
                removal_job: "Take away access",
                removed: "Workflows there can no longer use this group's runners.",
                replaced: "Those taken off can no longer use this group's runners.",
            },
            MemberList::SelfHostedRepositories { .. } => Words {
                testid: "allowed",
                remove: "Take self-hosted runners away from",
                removal_job: "Take away self-hosted runners",
                removed: "Their repository-level self-hosted runners get no more jobs.",
                replaced: "Repositories taken off can no longer use repository-level self-hosted runners: their own runners get no more jobs.",
            },
        }
    }
}
