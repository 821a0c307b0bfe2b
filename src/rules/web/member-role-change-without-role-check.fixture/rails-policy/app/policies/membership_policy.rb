class MembershipPolicy < ApplicationPolicy
  def destroy?
    required = record.owner? ? :owner : :manager
    team_member_with_role?(user, required)
  end
end
