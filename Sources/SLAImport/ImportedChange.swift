import SLAModel
import SLAEvaluate

/// One thing an import of agreements changed in the workspace, for its report (`ImportViews` words it).
package enum ImportedChange: Sendable {
    /// A team the import had to create.
    case team(TeamID, Team.Kind)
    /// An asset the import had to create, owned by `owner`.
    case asset(AssetID, Asset.Kind, owner: TeamID)
    /// An agreement created with its first revision.
    case created(Revision)
    /// A revision added to an agreement (a retirement when its status is retired), and how it changed the one before.
    case revised(Revision, RevisionChange)
    /// An agreement in force that the catalog no longer lists, retired for `reason`.
    case retiredMissing(Revision, reason: String)
}
