//! The sandbox's in-memory world: the enterprise, its orgs and repos, runners, groups, the audit log,
//! and the seed.
pub mod audit;
mod fleet;
mod policy;
mod versions;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

pub use audit::{AuditEvent, AuditLog};
pub use fleet::{MAX_ORGS, MAX_REPOS_PER_ORG, MAX_REPO_RUNNERS, MAX_SEEDED_RUNNERS};
pub use policy::{OrgSelfHosted, SelfHostedPolicy, ENABLED_REPOSITORIES};
use versions::seed_version;
pub use versions::RUNNER_RELEASE;

pub const ENTERPRISE_ID: u64 = 1;
/// Every scope's Default group is created first; the enterprise's is id 1.
pub const ENTERPRISE_DEFAULT_GROUP: u64 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    Enterprise,
    Org(u64),
    Repo(u64),
}

#[derive(Clone, Debug)]
pub struct Org {
    pub id: u64,
    pub login: String,
    pub description: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Repo {
    pub id: u64,
    pub org_id: u64,
    pub name: String,
    pub private: bool,
}

#[derive(Clone, Debug)]
pub struct Runner {
    pub id: u64,
    pub name: String,
    /// `Linux`, `Windows` or `macOS`, as GitHub reports it.
    pub os: String,
    /// `X64` or `ARM64`.
    pub arch: String,
    pub online: bool,
    pub busy: bool,
    pub ephemeral: bool,
    pub version: Option<String>,
    pub custom_labels: Vec<String>,
    pub owner: Owner,
    /// Enterprise and org runners are always in exactly one group; repo runners in none.
    pub group: Option<u64>,
}

impl Runner {
    pub fn read_only_labels(&self) -> [&str; 3] {
        ["self-hosted", &self.os, &self.arch]
    }
}

#[derive(Clone, Debug)]
pub struct Group {
    pub id: u64,
    pub name: String,
    /// `Enterprise` or `Org(id)`.
    pub owner: Owner,
    /// `all`, `selected`, or (org groups only) `private`.
    pub visibility: String,
    pub default: bool,
    pub allows_public_repositories: bool,
    pub restricted_to_workflows: bool,
    pub selected_workflows: Vec<String>,
    /// Org ids (enterprise groups) or repo ids (org groups) with access when visibility is `selected`.
    pub selected: Vec<u64>,
}

#[derive(Clone, Debug)]
pub struct User {
    pub id: u64,
    pub login: String,
    pub name: String,
}

/// The seed's shape, from the command-line flags (or `POST /_sandbox/reset`'s body). The default is the
/// seed every test knows: three orgs of four repos; the rest only adds to it (see [`fleet`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SeedConfig {
    /// Extra runners for org `acme-platform`: the big fleet for scale tests.
    pub runners: usize,
    /// Organizations added to the enterprise beyond acme-platform, acme-mobile and acme-data:
    /// `acme-org-01`, `acme-org-02`, ...
    pub orgs: usize,
    /// Repositories in each added organization (the three seeded ones keep their four).
    pub repos_per_org: usize,
    /// Runners in each repository of the added organizations.
    pub repo_runners: usize,
}

impl Default for SeedConfig {
    fn default() -> Self {
        SeedConfig { runners: 0, orgs: 0, repos_per_org: 4, repo_runners: 0 }
    }
}

#[derive(Clone, Debug)]
pub struct World {
    pub enterprise_slug: String,
    pub orgs: Vec<Org>,
    pub repos: BTreeMap<u64, Repo>,
    /// Every runner by id. A runner comes and goes only through [`World::insert_runner`] and
    /// [`World::remove_runner`], which keep `runner_ids` in step; its owner never changes.
    pub runners: BTreeMap<u64, Runner>,
    /// Each owner's runner ids, in id order: a runners list reads one page of them instead of
    /// scanning every runner of the instance (at 10,000 runners, a quarter of a list's CPU).
    runner_ids: BTreeMap<Owner, BTreeSet<u64>>,
    pub groups: BTreeMap<u64, Group>,
    pub label_ids: HashMap<String, u64>,
    /// Who may use repository-level self-hosted runners (GHES 3.19, github.com).
    pub self_hosted: SelfHostedPolicy,
    pub next_runner_id: u64,
    pub next_group_id: u64,
    next_label_id: u64,
    /// What the runner operations did, and the seeded history (see [`audit`]).
    pub audit: AuditLog,
}

const ORG_NAMES: [&str; 3] = ["acme-platform", "acme-mobile", "acme-data"];
/// Repositories in each of the three seeded orgs.
const SEEDED_REPOS: usize = 4;
const REPO_NAMES: [&str; 8] = ["api", "web", "infra", "docs", "ios-app", "android-app", "pipelines", "warehouse"];

impl World {
    pub fn seed(config: &SeedConfig) -> World {
        let mut w = World {
            enterprise_slug: "acme".into(),
            orgs: Vec::new(),
            repos: BTreeMap::new(),
            runners: BTreeMap::new(),
            runner_ids: BTreeMap::new(),
            groups: BTreeMap::new(),
            label_ids: HashMap::new(),
            self_hosted: SelfHostedPolicy::default(),
            next_runner_id: 1,
            next_group_id: 1,
            next_label_id: 1,
            audit: AuditLog::default(),
        };
        for label in ["self-hosted", "Linux", "Windows", "macOS", "X64", "ARM64"] {
            w.label_id(label);
        }
        let default_group = w.add_group(Owner::Enterprise, "Default", "all", true, vec![]);
        debug_assert_eq!(default_group, ENTERPRISE_DEFAULT_GROUP);

        for (i, login) in ORG_NAMES.iter().enumerate() {
            let id = 101 + i as u64;
            w.orgs.push(Org { id, login: login.to_string(), description: Some(format!("Seeded organization {}", i + 1)) });
            for (j, name) in REPO_NAMES.iter().take(SEEDED_REPOS).enumerate() {
                let name = name.to_string();
                let repo_id = 1000 + id * 100 + j as u64;
                w.repos.insert(repo_id, Repo { id: repo_id, org_id: id, name, private: j % 3 != 1 });
            }
            w.add_group(Owner::Org(id), "Default", "all", true, vec![]);
        }
        let org_ids: Vec<u64> = w.orgs.iter().map(|o| o.id).collect();

        // Enterprise groups: one shared with everyone, one with a selected pair of orgs.
        let shared = w.add_group(Owner::Enterprise, "shared-linux", "all", false, vec![]);
        let gpu_orgs: Vec<u64> = org_ids.iter().copied().filter(|id| *id == 101 || *id == 103).collect();
        let gpu = w.add_group(Owner::Enterprise, "gpu-fleet", "selected", false, gpu_orgs);
        w.groups.get_mut(&gpu).unwrap().allows_public_repositories = false;

        // acme-platform's own groups.
        let platform = org_ids[0];
        let platform_repos = w.repo_ids_of(platform);
        let build = w.add_group(Owner::Org(platform), "build", "selected", false, platform_repos.iter().take(2).copied().collect());
        let deploy = w.add_group(Owner::Org(platform), "deploy", "private", false, vec![]);
        {
            let g = w.groups.get_mut(&deploy).unwrap();
            g.restricted_to_workflows = true;
            g.selected_workflows = vec!["acme-platform/api/.github/workflows/deploy.yml@refs/heads/main".into()];
        }

        // Enterprise runners.
        for i in 0..6 {
            let group = match i % 3 {
                0 => ENTERPRISE_DEFAULT_GROUP,
                1 => shared,
                _ => gpu,
            };
            let custom = if group == gpu { vec!["gpu".into(), "cuda-12".into()] } else { vec!["large".into()] };
            w.add_seed_runner(format!("ent-runner-{:02}", i + 1), i, Owner::Enterprise, Some(group), custom);
        }
        // Org runners: a dozen in acme-platform across its groups, a few in the others.
        let platform_default = w.default_group_of(Owner::Org(platform));
        for i in 0..12 {
            let group = match i % 4 {
                0 | 1 => platform_default,
                2 => build,
                _ => deploy,
            };
            let custom = match i % 3 {
                0 => vec!["docker".into()],
                1 => vec!["docker".into(), "large".into()],
                _ => vec![],
            };
            w.add_seed_runner(format!("platform-runner-{:02}", i + 1), i + 1, Owner::Org(platform), Some(group), custom);
        }
        for &org in org_ids.iter().skip(1) {
            let default = w.default_group_of(Owner::Org(org));
            let login = w.org(org).unwrap().login.clone();
            let short = login.trim_start_matches("acme-").to_string();
            for i in 0..4 {
                w.add_seed_runner(format!("{short}-runner-{:02}", i + 1), i + 2, Owner::Org(org), Some(default), vec!["ci".into()]);
            }
        }
        // Hostile names: they must render as text, never as markup.
        if let Some(&data) = org_ids.get(2) {
            let default = w.default_group_of(Owner::Org(data));
            w.add_seed_runner("<img src=x onerror=alert(1)>".into(), 3, Owner::Org(data), Some(default), vec!["🚀-fast".into(), "עברית".into()]);
        }
        // Repo runners: two in the first repo of each org.
        for &org in &org_ids {
            if let Some(&repo) = w.repo_ids_of(org).first() {
                let name = w.repos[&repo].name.clone();
                for i in 0..2 {
                    w.add_seed_runner(format!("{name}-repo-runner-{}", i + 1), i + 4, Owner::Repo(repo), None, vec!["repo-local".into()]);
                }
            }
        }
        // The big fleet for scale tests.
        for i in 0..config.runners {
            let group = if i % 2 == 0 { platform_default } else { build };
            let custom = if i % 10 == 0 { vec!["docker".into(), format!("pool-{}", i % 7)] } else { vec![format!("pool-{}", i % 7)] };
            w.add_seed_runner(format!("fleet-{:05}", i + 1), i, Owner::Org(platform), Some(group), custom);
        }
        // Last, so the ids of everything above are the same with or without it.
        w.add_fleet(config, shared, gpu);
        w.seed_history(crate::now_ms());
        w
    }

    fn add_seed_runner(&mut self, name: String, i: usize, owner: Owner, group: Option<u64>, custom: Vec<String>) -> u64 {
        let (os, arch) = match i % 6 {
            0..=2 => ("Linux", "X64"),
            3 => ("Linux", "ARM64"),
            4 => ("Windows", "X64"),
            _ => ("macOS", "ARM64"),
        };
        let online = i % 5 != 4;
        let busy = online && i.is_multiple_of(3);
        let ephemeral = i % 8 == 7;
        for l in &custom {
            self.label_id(l);
        }
        let id = self.next_runner_id;
        self.next_runner_id += 1;
        let version = seed_version(id, online);
        self.insert_runner(Runner { id, name, os: os.into(), arch: arch.into(), online, busy, ephemeral, version, custom_labels: custom, owner, group });
        id
    }

    pub fn add_group(&mut self, owner: Owner, name: &str, visibility: &str, default: bool, selected: Vec<u64>) -> u64 {
        let id = self.next_group_id;
        self.next_group_id += 1;
        self.groups.insert(
            id,
            Group { id, name: name.into(), owner, visibility: visibility.into(), default, allows_public_repositories: default, restricted_to_workflows: false, selected_workflows: vec![], selected },
        );
        id
    }

    /// Label ids are global and stable per case-insensitive name, as on GitHub.
    pub fn label_id(&mut self, name: &str) -> u64 {
        let key = name.to_lowercase();
        if let Some(id) = self.label_ids.get(&key) {
            return *id;
        }
        let id = self.next_label_id;
        self.next_label_id += 1;
        self.label_ids.insert(key, id);
        id
    }

    pub fn org(&self, id: u64) -> Option<&Org> {
        self.orgs.iter().find(|o| o.id == id)
    }

    pub fn org_by_login(&self, login: &str) -> Option<&Org> {
        self.orgs.iter().find(|o| o.login.eq_ignore_ascii_case(login))
    }

    pub fn repo_by_name(&self, owner: &str, name: &str) -> Option<&Repo> {
        let org = self.org_by_login(owner)?;
        self.repos.values().find(|r| r.org_id == org.id && r.name.eq_ignore_ascii_case(name))
    }

    pub fn repo_ids_of(&self, org: u64) -> Vec<u64> {
        self.repos.values().filter(|r| r.org_id == org).map(|r| r.id).collect()
    }

    pub fn default_group_of(&self, owner: Owner) -> u64 {
        self.groups.values().find(|g| g.owner == owner && g.default).map(|g| g.id).expect("every scope has a Default group")
    }

    /// The groups an org sees: its own, then enterprise groups shared with it (inherited).
    pub fn groups_visible_to_org(&self, org: u64) -> Vec<(&Group, bool)> {
        let own = self.groups.values().filter(|g| g.owner == Owner::Org(org)).map(|g| (g, false));
        let inherited = self.groups.values().filter(|g| g.owner == Owner::Enterprise && !g.default && self.enterprise_group_shared_with(g, org)).map(|g| (g, true));
        own.chain(inherited).collect()
    }

    pub fn enterprise_group_shared_with(&self, g: &Group, org: u64) -> bool {
        g.visibility == "all" || (g.visibility == "selected" && g.selected.contains(&org))
    }

    pub fn org_group_visible_to_repo(&self, g: &Group, repo: &Repo) -> bool {
        match g.visibility.as_str() {
            "all" => true,
            "private" => repo.private,
            "selected" => g.selected.contains(&repo.id),
            _ => false,
        }
    }

    pub fn runners_of(&self, owner: Owner) -> impl Iterator<Item = &Runner> {
        self.runners.values().filter(move |r| r.owner == owner)
    }

    pub fn insert_runner(&mut self, runner: Runner) {
        let (id, owner) = (runner.id, runner.owner);
        if let Some(old) = self.runners.insert(id, runner) {
            self.forget_id(old.owner, id);
        }
        self.runner_ids.entry(owner).or_default().insert(id);
    }

    pub fn remove_runner(&mut self, id: u64) -> Option<Runner> {
        let gone = self.runners.remove(&id)?;
        self.forget_id(gone.owner, id);
        Some(gone)
    }

    fn forget_id(&mut self, owner: Owner, id: u64) {
        if let Some(ids) = self.runner_ids.get_mut(&owner) {
            ids.remove(&id);
        }
    }

    /// How many runners `owner` has, without looking at the others.
    pub fn runner_count_of(&self, owner: Owner) -> usize {
        self.runner_ids.get(&owner).map_or(0, BTreeSet::len)
    }

    /// `owner`'s runners at positions `range` in id order, without looking at the others. Debug
    /// builds (every test) check the index against a scan.
    pub fn runner_page_of(&self, owner: Owner, range: std::ops::Range<usize>) -> Vec<&Runner> {
        let ids = self.runner_ids.get(&owner).into_iter().flatten();
        debug_assert!(ids.clone().copied().eq(self.runners_of(owner).map(|r| r.id)), "the runner index of {owner:?} is out of step");
        ids.skip(range.start).take(range.len()).filter_map(|id| self.runners.get(id)).collect()
    }
}
