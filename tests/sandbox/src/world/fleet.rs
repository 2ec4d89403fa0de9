//! The enterprise fleet added on request (`--orgs`, `--repos-per-org`, `--repo-runners`): more orgs,
//! their repositories, and runners at all three levels, named so a person can read them.
//!
//! For `--orgs N --repos-per-org M --repo-runners K`, after everything the default seed has:
//! - orgs `acme-org-01` .. `acme-org-N`, each with repositories `svc-01-001` .. `svc-01-M` (the org's
//!   number, then the repository's) and its own Default runner group;
//! - [`ENTERPRISE_RUNNERS_PER_ORG`] enterprise runners per added org (`ent-fleet-001`, ...), in turn in
//!   the enterprise groups Default, shared-linux and gpu-fleet;
//! - [`RUNNERS_PER_ORG`] runners in each added org (`acme-org-01-runner-1`, ...), in its Default group;
//! - K runners in every repository of the added orgs (`svc-01-001-runner-1`, ...).
//!
//! Deterministic: no randomness, and the ids of the default seed do not move.
use super::{Owner, Repo, World, ENTERPRISE_DEFAULT_GROUP};
use crate::world::{Org, SeedConfig};

pub const ENTERPRISE_RUNNERS_PER_ORG: usize = 2;
pub const RUNNERS_PER_ORG: usize = 3;
/// Bounds that keep a seed in memory and its start within seconds.
pub const MAX_ORGS: usize = 1000;
pub const MAX_REPOS_PER_ORG: usize = 1000;
pub const MAX_REPO_RUNNERS: usize = 100;
/// Runners the flags may add in all (`--runners` included).
pub const MAX_SEEDED_RUNNERS: usize = 250_000;
/// Added orgs' ids start after the seeded three (101-103); their repositories' ids here.
const FIRST_ORG_ID: u64 = 104;
const FIRST_REPO_ID: u64 = 100_000;

impl SeedConfig {
    /// Runners this seed adds to the default one.
    pub fn added_runners(&self) -> usize {
        let orgs = self.orgs;
        self.runners.saturating_add(orgs.saturating_mul(ENTERPRISE_RUNNERS_PER_ORG + RUNNERS_PER_ORG)).saturating_add(orgs.saturating_mul(self.repos_per_org).saturating_mul(self.repo_runners))
    }

    /// A seed too big to hold is refused, naming the flag.
    pub fn validate(&self) -> Result<(), String> {
        if self.orgs > MAX_ORGS {
            return Err(format!("orgs: {} is more than {MAX_ORGS}", self.orgs));
        }
        if self.repos_per_org > MAX_REPOS_PER_ORG {
            return Err(format!("repos_per_org: {} is more than {MAX_REPOS_PER_ORG}", self.repos_per_org));
        }
        if self.repo_runners > MAX_REPO_RUNNERS {
            return Err(format!("repo_runners: {} is more than {MAX_REPO_RUNNERS}", self.repo_runners));
        }
        if self.added_runners() > MAX_SEEDED_RUNNERS {
            return Err(format!("the seed would add {} runners; at most {MAX_SEEDED_RUNNERS}", self.added_runners()));
        }
        Ok(())
    }
}

/// Zero-padded to at least `min` digits, wider if `count` needs it.
fn numbered(n: usize, count: usize, min: usize) -> String {
    let width = count.to_string().len().max(min);
    format!("{n:0width$}")
}

impl World {
    /// Adds the fleet `config` asks for; `shared` and `gpu` are the enterprise groups to spread over.
    pub(super) fn add_fleet(&mut self, config: &SeedConfig, shared: u64, gpu: u64) {
        let mut next_repo = FIRST_REPO_ID;
        let mut org_ids = Vec::with_capacity(config.orgs);
        for i in 0..config.orgs {
            let id = FIRST_ORG_ID + i as u64;
            let number = numbered(i + 1, config.orgs, 2);
            self.orgs.push(Org { id, login: format!("acme-org-{number}"), description: Some(format!("Fleet organization {}", i + 1)) });
            for j in 0..config.repos_per_org {
                let name = format!("svc-{number}-{}", numbered(j + 1, config.repos_per_org, 3));
                self.repos.insert(next_repo, Repo { id: next_repo, org_id: id, name, private: j % 3 != 1 });
                next_repo += 1;
            }
            self.add_group(Owner::Org(id), "Default", "all", true, vec![]);
            org_ids.push((id, number));
        }
        let enterprise_groups = [ENTERPRISE_DEFAULT_GROUP, shared, gpu];
        let total = config.orgs * ENTERPRISE_RUNNERS_PER_ORG;
        for n in 0..total {
            let group = enterprise_groups[n % 3];
            let custom = if group == gpu { vec!["gpu".into()] } else { vec!["large".into()] };
            self.add_seed_runner(format!("ent-fleet-{}", numbered(n + 1, total, 3)), n, Owner::Enterprise, Some(group), custom);
        }
        for (id, number) in &org_ids {
            let default = self.default_group_of(Owner::Org(*id));
            for k in 0..RUNNERS_PER_ORG {
                self.add_seed_runner(format!("acme-org-{number}-runner-{}", k + 1), k + 1, Owner::Org(*id), Some(default), vec!["ci".into()]);
            }
        }
        if config.repo_runners == 0 {
            return;
        }
        let repos: Vec<(u64, String)> = self.repos.range(FIRST_REPO_ID..).map(|(id, r)| (*id, r.name.clone())).collect();
        let mut n = 0;
        for (repo, name) in repos {
            for k in 0..config.repo_runners {
                self.add_seed_runner(format!("{name}-runner-{}", k + 1), n, Owner::Repo(repo), None, vec![format!("pool-{}", n % 4)]);
                n += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_seed_is_unchanged_and_the_fleet_only_adds() {
        let plain = World::seed(&SeedConfig::default());
        assert_eq!((plain.orgs.len(), plain.repos.len(), plain.runners.len(), plain.groups.len()), (3, 12, 33, 8));
        let config = SeedConfig { orgs: 3, repos_per_org: 5, repo_runners: 2, ..SeedConfig::default() };
        let fleet = World::seed(&config);
        for (id, r) in &plain.runners {
            assert_eq!(fleet.runners[id].name, r.name, "runner {id} keeps its id");
        }
        assert_eq!(fleet.groups.len(), 8 + 3);
        assert_eq!(fleet.orgs.iter().map(|o| o.login.as_str()).skip(3).collect::<Vec<_>>(), ["acme-org-01", "acme-org-02", "acme-org-03"]);
        assert_eq!(fleet.repos.len(), 12 + 15);
        assert_eq!(fleet.runners.len(), 33 + config.added_runners());
        assert_eq!(config.added_runners(), 3 * 2 + 3 * 3 + 15 * 2);
        let count = |w: &World, f: fn(&Owner) -> bool| w.runners.values().filter(|r| f(&r.owner)).count();
        assert_eq!(count(&fleet, |o| *o == Owner::Enterprise), 6 + 6);
        assert_eq!(count(&fleet, |o| matches!(o, Owner::Repo(_))), 6 + 30);
        assert!(fleet.repo_by_name("acme-org-02", "svc-02-005").is_some());
        assert!(fleet.runners.values().any(|r| r.name == "svc-03-001-runner-2"));
        assert!(fleet.runners.values().any(|r| r.name == "acme-org-01-runner-3"));
        assert_eq!(World::seed(&config).runners.len(), fleet.runners.len(), "deterministic");
    }

    #[test]
    fn names_widen_with_the_counts_and_big_seeds_are_refused() {
        assert_eq!((numbered(7, 30, 2), numbered(13, 40, 3), numbered(7, 1000, 2)), ("07".into(), "013".into(), "0007".into()));
        assert!(SeedConfig { orgs: MAX_ORGS + 1, ..SeedConfig::default() }.validate().is_err());
        assert!(SeedConfig { orgs: 1000, repos_per_org: 1000, repo_runners: 1, ..SeedConfig::default() }.validate().unwrap_err().contains("at most"));
        assert!(SeedConfig { orgs: 30, repos_per_org: 40, repo_runners: 16, ..SeedConfig::default() }.validate().is_ok());
    }
}
