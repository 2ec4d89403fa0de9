//! A group's access list or its runners, or the repositories an organization's self-hosted runner
//! policy selects (see `MemberList`): managed one by one (as a job in the write queue) or replaced
//! wholesale through a diff that is read again just before the PUT.
use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;
use leptos_router::components::A;

use super::member_words::Words;
use super::{ConfirmDialog, ErrorBox, JobPanel, LabelChip, PickItem, Picker, SetDiffDialog, StatusBadge};
use crate::data::{Jobs, Kind, Member, MemberList, PageApi, WriteOp};
use crate::fleet::Status;
use crate::github::models::RunnerGroup;
use crate::github::ApiError;
use crate::routes;

/// Members listed at once; a search narrows the rest.
const MEMBERS_SHOWN: usize = 300;

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Idle,
    Adding,
    Replacing,
    /// Reviewing the replacement against the list as read by `review`.
    Reviewing,
}

/// Why a replacement was not sent: the list had changed since the review.
#[derive(Clone, Debug, PartialEq)]
enum Applied {
    Replaced,
    Stale { now: BTreeSet<u64>, desired: BTreeSet<u64> },
}

#[component]
pub fn MemberSection(
    list: MemberList,
    #[prop(into)] read_only: Signal<bool>,
    /// The scope's groups, which runner candidates are said to be in now.
    #[prop(optional)]
    groups: Option<Signal<Vec<RunnerGroup>>>,
    api: PageApi,
) -> impl IntoView {
    let jobs = expect_context::<Jobs>();
    let activity = expect_context::<crate::data::Activity>();
    let origin = match &list {
        MemberList::Group { scope, group, kind } => format!("{}#{}", routes::group(scope, *group), if *kind == Kind::Access { "access" } else { "runners" }),
        MemberList::SelfHostedRepositories { .. } => format!("{}#repositories", routes::policy(&list.scope())),
    };
    let scope_sv = StoredValue::new(list.scope());
    let holds_runners = list.holds_runners();
    let words = Words::of(&list);
    let list_sv = StoredValue::new(list);
    let origin_sv = StoredValue::new(origin.clone());
    // A finished job of this section, or a replacement, makes the lists load again.
    let finished_here = Memo::new(move |_| origin_sv.with_value(|o| jobs.finished_at(o)));
    let apply = Action::new_local(move |(base, desired): &(BTreeSet<u64>, BTreeSet<u64>)| {
        let client = api.write_client();
        let (base, desired, list) = (base.clone(), desired.clone(), list_sv.get_value());
        async move {
            let client = client?;
            let now: BTreeSet<u64> = list.read(&client).await?.iter().map(|x| x.id).collect();
            if now != base {
                // Someone changed the list meanwhile: show the diff against what is there now.
                return Ok(Applied::Stale { now, desired });
            }
            let op = WriteOp::new(&list.scope(), list.replace(desired.iter().copied().collect()), list.target());
            crate::data::activity::perform(activity, client, op).await?;
            Ok::<_, ApiError>(Applied::Replaced)
        }
    });
    let list = LocalResource::new(move || {
        crate::data::depend_on(&finished_here);
        apply.version().track();
        let client = api.client();
        let list = list_sv.get_value();
        async move { list.read(&client?).await }
    });
    let current = Memo::new(move |prev: Option<&Vec<Member>>| match list.get() {
        Some(Ok(m)) => m,
        _ => prev.cloned().unwrap_or_default(),
    });
    // Candidates say which group each runner is in now, so they load again after a change too.
    let candidates = LocalResource::new(move || {
        crate::data::depend_on(&finished_here);
        apply.version().track();
        let client = api.client();
        let groups = groups.map(|g| g.get()).unwrap_or_default();
        let list = list_sv.get_value();
        async move { list.candidates(&client?, &groups).await }
    });
    let names = move || {
        let mut map: BTreeMap<u64, String> = candidates.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| (c.id, c.name)).collect();
        for m in current.get() {
            map.insert(m.id, m.name);
        }
        map
    };
    let step = RwSignal::new(Step::Idle);
    // Removals are confirmed with the names they touch, like every other destructive change.
    let removing = RwSignal::new(None::<Vec<u64>>);
    let picked = RwSignal::new(BTreeSet::<u64>::new());
    let marked = RwSignal::new(BTreeSet::<u64>::new());
    let (error, set_error) = signal(None::<ApiError>);
    let (noun, nouns) = list_sv.with_value(MemberList::nouns);

    // One write per item, through the session's write queue: paced, waited out, reported.
    let run_each = move |ids: Vec<u64>, adding: bool, title: String| {
        let client = match api.write_client() {
            Ok(c) => c,
            Err(e) => return set_error.set(Some(e)),
        };
        let names = names();
        let list = list_sv.get_value();
        let items: Vec<(u64, String)> = ids.iter().map(|id| (*id, names.get(id).cloned().unwrap_or_else(|| format!("id {id}")))).collect();
        let ops = items.iter().map(|(id, name)| WriteOp::new(&list.scope(), list.change(*id, adding), name.clone())).collect();
        jobs.start(client, format!("{title} ({} {nouns})", items.len()), origin_sv.get_value(), ops, items, vec![], jobs.pace.get_untracked());
        step.set(Step::Idle);
        picked.set(BTreeSet::new());
        marked.set(BTreeSet::new());
    };
    // The replacement is reviewed against a fresh read, and read once more before it is sent.
    let review = Action::new_local(move |desired: &BTreeSet<u64>| {
        let client = api.client_untracked();
        let (desired, list) = (desired.clone(), list_sv.get_value());
        async move {
            let base: BTreeSet<u64> = list.read(&client?).await?.iter().map(|x| x.id).collect();
            Ok::<_, ApiError>((base, desired))
        }
    });
    // What the dialog shows: the diff against the list as just read, or, when the list changed
    // after the review, against the list as it is now.
    let pending_pair = move || match apply.value().get() {
        Some(Ok(Applied::Stale { now, desired })) => Some((now, desired, true)),
        _ => review.value().get().and_then(Result::ok).map(|(base, desired)| (base, desired, false)),
    };
    let dialog_open = move || !apply.pending().get() && (step.get() == Step::Reviewing || matches!(apply.value().get(), Some(Ok(Applied::Stale { .. }))));
    let confirm_replace = Callback::new(move |_: ()| {
        if let Some((base, desired, _)) = pending_pair() {
            apply.dispatch((base, desired));
        }
        step.set(Step::Idle);
    });
    let cancel_replace = Callback::new(move |_: ()| {
        apply.value().set(None);
        step.set(Step::Idle);
    });
    let jobs_here = move || origin_sv.with_value(|o| jobs.shown_at(o));

    let member_ids = move || current.with(|m| m.iter().map(|x| x.id).collect::<BTreeSet<u64>>());
    // A group can hold thousands of runners: show a searchable window of them, not thousands of rows.
    let (search, set_search) = signal(String::new());
    let shown = move || {
        let q = search.get().to_lowercase();
        current.with(|m| m.iter().filter(|x| q.is_empty() || x.name.to_lowercase().contains(&q)).take(MEMBERS_SHOWN).cloned().collect::<Vec<_>>())
    };
    let hidden = move || {
        let q = search.get().to_lowercase();
        current.with(|m| m.iter().filter(|x| q.is_empty() || x.name.to_lowercase().contains(&q)).count()).saturating_sub(MEMBERS_SHOWN)
    };
    let addable = Signal::derive(move || {
        let ids = member_ids();
        candidates.get().and_then(Result::ok).unwrap_or_default().into_iter().filter(|c| !ids.contains(&c.id)).collect::<Vec<_>>()
    });
    let all_items = Signal::derive(move || {
        let mut items = candidates.get().and_then(Result::ok).unwrap_or_default();
        for m in current.get() {
            if !items.iter().any(|i| i.id == m.id) {
                items.push(PickItem { id: m.id, name: m.name, detail: m.detail });
            }
        }
        items
    });
    let tid = words.testid;

    view! {
        <div data-testid=format!("{tid}-list-section")>
            {move || list.get().and_then(Result::err).map(|e| view! { <ErrorBox error=e scope=scope_sv.get_value() /> })}
            {move || error.get().map(|e| view! { <ErrorBox error=e scope=scope_sv.get_value() /> })}
            <p class="hint" data-testid=format!("{tid}-count")>{move || { let n = current.with(Vec::len); format!("{n} {}", if n == 1 { noun } else { nouns }) }}</p>
            <Show when=move || { current.with(Vec::len) > 10 }>
                <input type="search" class="short-text" placeholder="Search by name" aria-label=format!("Search the {nouns}") data-testid=format!("{tid}-search")
                    prop:value=search on:input:target=move |ev| set_search.set(ev.target().value()) />
            </Show>
            <ul class="members" data-testid=format!("{tid}-members")>
                <For each=shown key=|m| format!("{}|{}|{}", m.id, m.name, m.detail) let:m>
                    {
                        let id = m.id;
                        let runner = m.runner.clone();
                        let aria = format!("Select {}", m.name);
                        view! {
                            <li data-testid=format!("{tid}-member") data-name=m.name.clone()>
                                <Show when=move || !read_only.get()>
                                    <input type="checkbox" aria-label=aria.clone() prop:checked=move || marked.with(|s| s.contains(&id))
                                        on:change=move |ev| { let on = event_target_checked(&ev); marked.update(|s| { if on { s.insert(id); } else { s.remove(&id); } }); } />
                                </Show>
                                {
                                    let shown = m.name.clone();
                                    match &runner {
                                        Some(r) => {
                                            let href = scope_sv.with_value(|s| routes::runner(s, r.id));
                                            view! { <A href=href attr:class="member-name"><bdi>{shown}</bdi></A> }.into_any()
                                        }
                                        None => view! { <bdi class="member-name">{shown}</bdi> }.into_any(),
                                    }
                                }
                                {match runner {
                                    Some(r) => view! {
                                        <StatusBadge status=Status::of(&r) />
                                        <span class="chips-inline">{r.labels.into_iter().map(|l| view! { <LabelChip label=l /> }).collect_view()}</span>
                                    }.into_any(),
                                    None => view! { <span class="hint">{m.detail.clone()}</span> }.into_any(),
                                }}
                            </li>
                        }
                    }
                </For>
            </ul>
            {move || (hidden() > 0).then(|| view! { <p class="hint">{format!("{} more: search to narrow the list.", hidden())}</p> })}
            <Show when=move || !read_only.get()>
                <div class="inline-form">
                    <button type="button" data-testid=format!("{tid}-remove") disabled=move || marked.with(BTreeSet::is_empty)
                        on:click=move |_| removing.set(Some(marked.get_untracked().into_iter().collect()))>
                        {if holds_runners { "Remove selected from group" } else { "Remove selected" }}
                    </button>
                    <button type="button" data-testid=format!("{tid}-add") on:click=move |_| { picked.set(BTreeSet::new()); step.set(Step::Adding) }>{format!("Add {nouns}…")}</button>
                    <button type="button" data-testid=format!("{tid}-replace") on:click=move |_| { picked.set(member_ids()); step.set(Step::Replacing) }>"Replace the whole list…"</button>
                </div>
                {holds_runners.then(|| view! { <p class="hint">"Removing runners puts them back in the Default group. Adding a runner moves it out of its current group."</p> })}
            </Show>
            {move || match step.get() {
                Step::Adding => Some(view! {
                    <div class="panel inset">
                        <Picker items=addable selected=picked label=format!("Choose {nouns} to add") testid="add-picker" />
                        <div class="inline-form">
                            <button type="button" class="primary" data-testid=format!("{tid}-add-confirm") disabled=move || picked.with(BTreeSet::is_empty)
                                on:click=move |_| run_each(picked.get_untracked().into_iter().collect(), true, "Add".into())>
                                {move || format!("Add {}", picked.with(BTreeSet::len))}
                            </button>
                            <button type="button" on:click=move |_| step.set(Step::Idle)>"Cancel"</button>
                        </div>
                    </div>
                }.into_any()),
                Step::Replacing => Some(view! {
                    <div class="panel inset">
                        <Picker items=all_items selected=picked label="The whole list should be" testid="replace-picker" />
                        <div class="inline-form">
                            <button type="button" class="primary" data-testid=format!("{tid}-review") on:click=move |_| {
                                apply.value().set(None);
                                review.dispatch(picked.get_untracked());
                                step.set(Step::Reviewing);
                            }>"Review changes…"</button>
                            <button type="button" on:click=move |_| step.set(Step::Idle)>"Cancel"</button>
                        </div>
                    </div>
                }.into_any()),
                Step::Idle | Step::Reviewing => None,
            }}
            <Show when=dialog_open>
                {move || {
                    let names = names();
                    match (review.pending().get(), review.value().get(), pending_pair()) {
                        (true, _, _) => view! { <p class="hint" role="status">"Reading the list as it is now…"</p> }.into_any(),
                        (_, Some(Err(e)), None) => view! { <ErrorBox error=e scope=scope_sv.get_value() /> }.into_any(),
                        (_, _, Some((base, desired, stale))) => view! {
                            <SetDiffDialog base=base desired=desired stale=stale names=names effect=words.replaced on_confirm=confirm_replace on_cancel=cancel_replace />
                        }.into_any(),
                        _ => ().into_any(),
                    }
                }}
            </Show>
            {move || removing.get().map(|ids| {
                let names = names();
                let title = format!("{} {}{}?", words.remove, count(ids.len(), noun, nouns), if holds_runners { " from this group" } else { "" });
                let ids_sv = StoredValue::new(ids.clone());
                let confirm = Callback::new(move |_: ()| {
                    removing.set(None);
                    run_each(ids_sv.get_value(), false, words.removal_job.to_string());
                });
                view! {
                    <ConfirmDialog title=title confirm_label="Remove" danger=true on_confirm=confirm on_cancel=Callback::new(move |_| removing.set(None))>
                        <ul class="diff" data-testid="removal-list">
                            {ids.iter().map(|id| view! { <li class="diff-remove">"− "<bdi>{names.get(id).cloned().unwrap_or_else(|| format!("id {id}"))}</bdi></li> }).collect_view()}
                        </ul>
                        <p class="hint">{words.removed}</p>
                    </ConfirmDialog>
                }
            })}
            <Show when=move || apply.pending().get()>
                <p class="hint" role="status">"Replacing the list…"</p>
            </Show>
            {move || match apply.value().get() {
                Some(Ok(Applied::Replaced)) => Some(view! {
                    <div class="panel inset report" role="status" data-testid=format!("{tid}-report")>
                        <p><strong>"Replaced the list"</strong></p>
                        <button type="button" on:click=move |_| apply.value().set(None)>"Dismiss"</button>
                    </div>
                }.into_any()),
                Some(Err(e)) => Some(view! {
                    <div class="panel inset report" role="status" data-testid=format!("{tid}-report")>
                        <p><strong>"The list was not replaced"</strong></p>
                        <ul data-testid=format!("{tid}-failures")><li><strong>"the whole list"</strong>": "{e.to_string()}</li></ul>
                        <button type="button" on:click=move |_| apply.value().set(None)>"Dismiss"</button>
                    </div>
                }.into_any()),
                _ => None,
            }}
            <For each=jobs_here key=|id| *id let:id>
                <JobPanel id=id />
            </For>
        </div>
    }
}

fn count(n: usize, noun: &str, nouns: &str) -> String {
    format!("{n} {}", if n == 1 { noun } else { nouns })
}
