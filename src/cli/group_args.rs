//! The arguments of `siaga group`: one group of near-identical pleas
//! answered, escalated, split or joined (#16), apart from `args.rs` so
//! that each stays readable.

use clap::Subcommand;

use crate::model::{InquiryId, Priority};

#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// Answer every member (or --only some) with one template: each gets their
    /// own reply, in their language and channel, paced under the platform's
    /// limits. Members whose plea carries what the others' do not (a passport
    /// number, a child, an injury) are held back and listed.
    Reply {
        /// The group (g12, as `siaga groups` lists it).
        group: crate::model::GroupId,
        /// The template's name (see config/templates.toml) [default: the template
        /// of the open crisis its members are tagged with].
        #[arg(long, value_name = "NAME")]
        template: Option<String>,
        /// Answer only these members (inquiry numbers, comma-separated).
        #[arg(long, value_name = "ID,...", value_delimiter = ',')]
        only: Vec<InquiryId>,
        /// Show what each member would get; queue and send nothing.
        #[arg(long)]
        dry_run: bool,
        /// Without a daemon: longest time to keep sending before leaving the
        /// rest to the outbox (the next `siaga` or `siaga serve` sends it).
        #[arg(long, value_name = "SECS", default_value_t = 600)]
        wait: u64,
    },
    /// Escalate the whole group to one mission: one escalation carrying every
    /// open member as a row of its roster (a CSV with the e-mail, a JSON array
    /// in the webhook); members who join later are sent as additions to it.
    Escalate {
        /// The group (g12, as `siaga groups` lists it).
        group: crate::model::GroupId,
        /// The mission's code [default: the mission its members name most].
        #[arg(long, value_name = "CODE")]
        mission: Option<String>,
        /// P1 to P4 [default: its most urgent member's]; sets the deadline.
        #[arg(long, value_name = "S")]
        severity: Option<Priority>,
        /// One line for the mission [default: the group's size and label].
        #[arg(long, value_name = "TEXT")]
        summary: Option<String>,
        /// The officer's note for the mission.
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
        /// Without a daemon: longest time to keep retrying before leaving it
        /// to the courier.
        #[arg(long, value_name = "SECS", default_value_t = 30)]
        wait: u64,
    },
    // An officer's group edits (#16): `cli::group_edit`.
    /// Take one member out of its group: alone from now on, recorded in its history.
    Split {
        /// The member (an inquiry number).
        inquiry: InquiryId,
    },
    /// Join the second group into the first: its members move, recorded in each one's history.
    Join {
        /// The group that stays (g12, as `siaga groups` lists it).
        into: crate::model::GroupId,
        /// The group whose members move into the first.
        from: crate::model::GroupId,
    },
}
