import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLAImport
import SLARetro
/// The demo retro, replayed by `slaretro demo` when stdin is not a terminal.
/// It must stay identical to sessions/demo/retro.slaretro (a test checks).
package enum DemoScript {
    package static let text = #"""
#! slaretro demo --db demo.sqlite
# The 2026-S23 retro of the demo workspace. `slaretro demo` replays this script when stdin is not a
# terminal; every line is what a facilitator types at the prompt ('#' lines are comments).

# 1. Follow-ups: the row-count check shipped; the CRM paging is under way.
done A-1
next
note "on-call paging for crm_export is in review with the CRM team"
next
next
next

# 2. SLA breaches: Sales agrees to a looser target until the CRM connector is replaced.
revise target=90% --reason "Sales only needs 9 mornings in 10 until the CRM connector is replaced in Q1"
action "Escalate the CRM export lag to the CRM team lead" --owner ana --due 2026-S24
next
keep --note "three slow hours after one deploy; INC-42 covers it"
next
accept-risk --reason "still no attribution data; the pipeline rebuild lands in 2026-S24"
next

# 3. OLA breaches: CRM promises a faster response.
revise response_time=30m --reason "CRM on-call now pages within 30 minutes"
next

# 4. Postmortems: the missing one gets an owner.
keep --note "reviewed; both follow-ups are on the list"
next
keep
next
action "Write the postmortem of INC-43" --owner ben --due 2026-S24
next

# 5. Over-quality: stop maintaining what nobody reads.
retire --reason "the streaming pilot ended in August; nothing reads the stream"
next
revise objective="freshness <= 1d" --reason "read twice a week: a daily refresh is plenty"
next
retire --reason "its SLA was retired in September; stop rebuilding the table"
next
keep --snooze 2 --note "Partnerships is re-staffing; ask again in January"
next
retire --reason "no access in 60 days; Growth runs its stand-up from the ad platforms' consoles"
next
# Right-sizing from how consumers read: Finance first opens the ledger at 08:00, promised by 06:30.
accept
next
# The proposals on customer_360 (read every 2 days) agree with the revision above: one decision per
# subject, so they show it. Sales reads sales_daily before its promised 09:00 (under-quality): its
# target was revised in step 2 and the playbook's workaround covers the mornings it is late.
next
next
next
# Finance reads sales_daily every working day with no SLA (unpromised dependency).
note "ana asks Finance what they reconcile against sales_daily before we promise them anything"
next

# 6. Democratization: Sales climbed a wall; Finance and Growth get help with theirs.
note "the Q4 pipeline dashboard decayed after a week: ask Sales what they needed instead"
next
adopt 1 --owner ben --due 2026-S24
next
adopt 1 --owner chen --due 2026-S24
next
next
next

# 7. Due for review: OLA-crm-export was revised in step 3 already (one decision per subject per retro).
note "the new paging rule covers it"
next
next
keep
next
next
next
revise objective="availability >= 99.5%" target=90% --reason "the board reads it daily again; one bad day a fortnight is fine"
skip

# 8. Wrap-up
history SLA-sales-daily-freshness
history SLA-finance-ledger-delivery
finish
"""#
}
