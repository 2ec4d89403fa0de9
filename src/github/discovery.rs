//! Which organizations an enterprise has: the instance's on GHES, the enterprise's by GraphQL on
//! github.com and GHEC, and the token user's own organizations when GraphQL cannot say.
use super::error::ApiError;
use super::http::Client;
use super::models::OrganizationSimple;
use super::request;
use super::server::Product;

/// Where a list of organizations came from, said beside it.
#[derive(Clone, Debug, PartialEq)]
pub enum OrgSource {
    /// GHES `GET /organizations`: every organization of the instance (one enterprise per instance).
    Instance,
    /// GraphQL `enterprise(slug:) { organizations }`.
    Enterprise,
    /// `GET /user/orgs`, because GraphQL refused: `why` is its answer.
    Membership { why: String },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Discovered {
    pub orgs: Vec<String>,
    pub source: OrgSource,
    /// Organizations GitHub left out because they enforce SAML SSO and the token is not authorized
    /// for them (their ids: `X-GitHub-SSO: partial-results; organizations=…`).
    pub hidden_by_sso: Vec<u64>,
    /// Organizations GraphQL counted but would not name (a `null` node: SAML SSO, or no access).
    pub unnamed: usize,
}

/// The ids in `X-GitHub-SSO: partial-results; organizations=1,2`.
pub fn sso_hidden(header: Option<&str>) -> Vec<u64> {
    let Some(h) = header else { return vec![] };
    if !h.trim_start().starts_with("partial-results") {
        return vec![];
    }
    h.split(';').filter_map(|part| part.trim().strip_prefix("organizations=")).flat_map(|ids| ids.split(',')).filter_map(|id| id.trim().parse().ok()).collect()
}

impl Client {
    /// The organizations of enterprise `slug`, by whatever means this server has.
    pub async fn enterprise_org_logins(&self, slug: &str) -> Result<Discovered, ApiError> {
        // Opened straight from its address, the page can ask before the connection has found out
        // which server this is: then it finds out first, as a GHES must not be asked GraphQL.
        let server = match self.server() {
            Some(s) => s,
            None => {
                let s = self.detect_server().await?;
                self.set_server(s.clone());
                s
            }
        };
        let ghes = matches!(server.product, Product::Ghes { .. });
        if ghes {
            let (orgs, hidden_by_sso) = self.all_organizations_with_sso().await?;
            return Ok(Discovered { orgs: orgs.into_iter().map(|o| o.login).collect(), source: OrgSource::Instance, hidden_by_sso, unnamed: 0 });
        }
        let why = match self.graphql_enterprise_orgs(slug).await {
            Ok(Ok((orgs, unnamed))) => return Ok(Discovered { orgs, source: OrgSource::Enterprise, hidden_by_sso: vec![], unnamed }),
            Ok(Err(why)) => why,
            Err(ApiError::Aborted) => return Err(ApiError::Aborted),
            Err(e) => format!("GraphQL could not be asked: {e}"),
        };
        let (orgs, hidden_by_sso) = self.all_user_orgs_with_sso().await?;
        Ok(Discovered { orgs: orgs.into_iter().map(|o| o.login).collect(), source: OrgSource::Membership { why }, hidden_by_sso, unnamed: 0 })
    }

    /// Every page of the enterprise's organizations, 100 at a time. GraphQL answers its refusals
    /// (no such enterprise, a missing `read:enterprise`) with HTTP 200: they come back as `Ok(Err(why))`.
    /// An answer with both `data` and `errors` (some organizations not shown) keeps what it names,
    /// and counts the organizations it would not name.
    pub async fn graphql_enterprise_orgs(&self, slug: &str) -> Result<Result<(Vec<String>, usize), String>, ApiError> {
        let mut orgs = Vec::new();
        let mut unnamed = 0;
        let mut after: Option<String> = None;
        // Bounded: 1,000 pages is 100,000 organizations.
        for _ in 0..1000 {
            let answer = self.send(request::enterprise_organizations(slug, after.as_deref())).await?;
            let page = answer.data.as_ref().and_then(|d| d.enterprise.as_ref()).map(|e| e.organizations.clone());
            if let (Some(e), None) = (answer.errors.first(), &page) {
                return Ok(Err(match e.kind.as_deref() {
                    Some("INSUFFICIENT_SCOPES") => "GraphQL lists an enterprise's organizations only for a token with the read:enterprise scope, and this token does not have it.".to_string(),
                    Some("NOT_FOUND") => format!("GraphQL found no enterprise “{slug}” that this token can see."),
                    _ => format!("GraphQL would not list the enterprise's organizations: {}", super::redact::clip(&e.message, 300)),
                }));
            }
            let Some(page) = page else {
                return Ok(Err(format!("GraphQL found no enterprise “{slug}” that this token can see.")));
            };
            unnamed += page.nodes.iter().filter(|n| n.is_none()).count();
            orgs.extend(page.nodes.into_iter().flatten().map(|n| n.login));
            match page.page_info.end_cursor.filter(|_| page.page_info.has_next_page) {
                Some(next) if after.as_deref() != Some(next.as_str()) => after = Some(next),
                _ => break,
            }
        }
        Ok(Ok((orgs, unnamed)))
    }

    /// `GET /user/orgs`, page after page, and the ids SAML SSO left out of it.
    pub async fn all_user_orgs_with_sso(&self) -> Result<(Vec<OrganizationSimple>, Vec<u64>), ApiError> {
        let mut out = Vec::new();
        let mut hidden = Vec::new();
        for page_no in 1..=1000 {
            let (page, sso) = self.page_with_sso(request::list_user_orgs(page_no).request).await?;
            hidden.extend(sso);
            let full = page.len() as u32 >= request::PER_PAGE;
            out.extend(page);
            if !full {
                break;
            }
        }
        crate::order::sort(&mut hidden);
        hidden.dedup();
        Ok((out, hidden))
    }

    /// One page of organizations and the ids its `X-GitHub-SSO` header says were left out.
    async fn page_with_sso(&self, req: request::Request) -> Result<(Vec<OrganizationSimple>, Vec<u64>), ApiError> {
        let raw = self.raw(&req).await?;
        let hidden = sso_hidden(raw.header("x-github-sso"));
        let page = super::error::interpret(req.operation, &raw, super::http::now()).map_err(|e| e.redact(self.token().expose()))?;
        Ok((page, hidden))
    }

    /// GHES `GET /organizations`, following `since` one page after another (it has no page
    /// numbers), and the ids SAML SSO left out of it.
    pub async fn all_organizations_with_sso(&self) -> Result<(Vec<OrganizationSimple>, Vec<u64>), ApiError> {
        let mut out: Vec<OrganizationSimple> = Vec::new();
        let mut hidden = Vec::new();
        let mut since = None;
        for _ in 0..1000 {
            let (page, sso) = self.page_with_sso(request::list_organizations(since).request).await?;
            hidden.extend(sso);
            let Some(last) = page.last().map(|o| o.id) else { break };
            let full = page.len() as u32 >= request::PER_PAGE;
            out.extend(page);
            if !full || Some(last) == since {
                break;
            }
            since = Some(last);
        }
        crate::order::sort(&mut hidden);
        hidden.dedup();
        Ok((out, hidden))
    }

    /// Every organization of the instance (GHES).
    pub async fn all_organizations(&self) -> Result<Vec<OrganizationSimple>, ApiError> {
        Ok(self.all_organizations_with_sso().await?.0)
    }
}

#[cfg(test)]
mod tests {
    use super::sso_hidden;

    #[test]
    fn partial_results_name_the_hidden_organizations() {
        assert_eq!(sso_hidden(Some("partial-results; organizations=102,7")), [102, 7]);
        assert_eq!(sso_hidden(Some("required; url=https://x/orgs/a/sso?authorization_request=1")), Vec::<u64>::new());
        assert_eq!(sso_hidden(None), Vec::<u64>::new());
        assert_eq!(sso_hidden(Some("partial-results; organizations=")), Vec::<u64>::new());
    }
}
