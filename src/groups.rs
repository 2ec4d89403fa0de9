//! Runner groups as the forms see them: visibility words, workflow rules, PATCH diffs and set diffs. Pure.
use std::collections::BTreeSet;

use crate::github::models::{GroupUpdate, RunnerGroup, Visibility};

pub fn visibility_label(v: &Visibility, enterprise: bool) -> String {
    match v {
        Visibility::All if enterprise => "All organizations".into(),
        Visibility::All => "All repositories".into(),
        Visibility::Selected if enterprise => "Selected organizations".into(),
        Visibility::Selected => "Selected repositories".into(),
        Visibility::Private => "Private repositories".into(),
        Visibility::Other(s) => s.clone(),
    }
}

/// `owner/repo/.github/workflows/file.yml@ref`, one per line; a ref, tag or SHA is required.
pub fn parse_workflows(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some((path, git_ref)) = line.rsplit_once('@') else {
            return Err(format!("Line {}: “{line}” has no @ref. A ref, tag or SHA is required, e.g. …/deploy.yml@refs/heads/main.", n + 1));
        };
        let parts: Vec<&str> = path.split('/').collect();
        let well_formed = parts.len() >= 5
            && parts[2] == ".github"
            && parts[3] == "workflows"
            && parts.iter().all(|p| !p.is_empty() && !p.contains(char::is_whitespace))
            && (path.ends_with(".yml") || path.ends_with(".yaml"));
        if !well_formed {
            return Err(format!("Line {}: “{line}” is not OWNER/REPO/.github/workflows/FILE.yml@REF.", n + 1));
        }
        if git_ref.is_empty() || git_ref.contains(char::is_whitespace) {
            return Err(format!("Line {}: “{line}” needs a ref, tag or SHA after the @.", n + 1));
        }
        if !out.contains(&line.to_string()) {
            out.push(line.to_string());
        }
    }
    Ok(out)
}

/// The workflows of a group restricted to workflows: well-formed, and at least one.
pub fn restriction(restricted: bool, text: &str) -> Result<Vec<String>, String> {
    let workflows = parse_workflows(text)?;
    if restricted && workflows.is_empty() {
        return Err("List at least one workflow, or do not restrict the group to workflows.".into());
    }
    Ok(workflows)
}

/// What the edit form holds.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupDraft {
    pub name: String,
    pub visibility: Visibility,
    pub allows_public_repositories: bool,
    pub restricted_to_workflows: bool,
    pub selected_workflows: Vec<String>,
}

impl GroupDraft {
    pub fn of(g: &RunnerGroup) -> GroupDraft {
        GroupDraft {
            name: g.name.clone(),
            visibility: g.visibility.clone(),
            allows_public_repositories: g.allows_public_repositories,
            restricted_to_workflows: g.restricted_to_workflows.unwrap_or(false),
            selected_workflows: g.selected_workflows.clone(),
        }
    }
}

/// The PATCH body: only the fields that changed.
pub fn group_update(original: &RunnerGroup, draft: &GroupDraft) -> GroupUpdate {
    let before = GroupDraft::of(original);
    GroupUpdate {
        name: (draft.name.trim() != before.name).then(|| draft.name.trim().to_string()),
        visibility: (draft.visibility != before.visibility).then(|| draft.visibility.clone()),
        allows_public_repositories: (draft.allows_public_repositories != before.allows_public_repositories).then_some(draft.allows_public_repositories),
        restricted_to_workflows: (draft.restricted_to_workflows != before.restricted_to_workflows).then_some(draft.restricted_to_workflows),
        selected_workflows: (draft.selected_workflows != before.selected_workflows).then(|| draft.selected_workflows.clone()),
    }
}

pub fn is_empty_update(u: &GroupUpdate) -> bool {
    *u == GroupUpdate::default()
}

/// Who gains and who loses when `current` becomes `desired`.
pub fn set_diff(current: &BTreeSet<u64>, desired: &BTreeSet<u64>) -> (Vec<u64>, Vec<u64>) {
    (desired.difference(current).copied().collect(), current.difference(desired).copied().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group() -> RunnerGroup {
        serde_json::from_value(serde_json::json!({
            "id": 7, "name": "build", "visibility": "selected", "default": false, "runners_url": "u",
            "allows_public_repositories": false, "restricted_to_workflows": false, "selected_workflows": []
        }))
        .unwrap()
    }

    #[test]
    fn workflows_need_the_full_path_and_a_ref() {
        assert_eq!(
            parse_workflows("acme/api/.github/workflows/deploy.yml@refs/heads/main\n\n  acme/web/.github/workflows/ci.yaml@v1.2  \n").unwrap(),
            vec!["acme/api/.github/workflows/deploy.yml@refs/heads/main", "acme/web/.github/workflows/ci.yaml@v1.2"]
        );
        assert!(parse_workflows("acme/api/.github/workflows/deploy.yml").unwrap_err().contains("ref"));
        assert!(parse_workflows("acme/api/.github/workflows/deploy.yml@").unwrap_err().contains("ref"));
        assert!(parse_workflows("deploy.yml@main").unwrap_err().contains("OWNER/REPO"));
        assert!(parse_workflows("acme/api/workflows/deploy.yml@main").is_err());
        assert!(parse_workflows("acme/api/.github/workflows/deploy.txt@main").is_err());
        assert_eq!(parse_workflows("").unwrap(), Vec::<String>::new());
        assert!(restriction(true, "  \n").unwrap_err().contains("at least one"));
        assert_eq!(restriction(false, "").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn patch_sends_only_what_changed() {
        let g = group();
        let mut d = GroupDraft::of(&g);
        assert!(is_empty_update(&group_update(&g, &d)));
        d.name = " build-2 ".into();
        d.restricted_to_workflows = true;
        let u = group_update(&g, &d);
        assert_eq!(u.name.as_deref(), Some("build-2"));
        assert_eq!(u.restricted_to_workflows, Some(true));
        assert_eq!(serde_json::to_value(&u).unwrap(), serde_json::json!({ "name": "build-2", "restricted_to_workflows": true }));
        assert_eq!((u.visibility, u.allows_public_repositories, u.selected_workflows), (None, None, None));
    }

    #[test]
    fn set_diffs_name_gains_and_losses() {
        let current: BTreeSet<u64> = [1, 2, 3].into();
        let desired: BTreeSet<u64> = [2, 3, 4].into();
        assert_eq!(set_diff(&current, &desired), (vec![4], vec![1]));
        assert_eq!(visibility_label(&Visibility::Private, false), "Private repositories");
        assert_eq!(visibility_label(&Visibility::Selected, true), "Selected organizations");
    }
}
