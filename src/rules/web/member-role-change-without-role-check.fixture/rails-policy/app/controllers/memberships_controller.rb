class MembershipsController < ApplicationController
  def destroy
    membership = Membership.find(params[:id])
    authorize membership
    membership.destroy!
    head :no_content
  end
end
