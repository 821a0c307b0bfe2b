class ApplicationPolicy
  attr_reader :user, :record

  def initialize(user, record)
    @user = user
    @record = record
  end

  private

  def team_member_with_role?(member, role)
    record.team.memberships.where(user: member).any? { |m| m.at_least?(role) }
  end
end
