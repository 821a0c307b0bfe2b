class UsersController < ApplicationController
  def update
    user = User.find(params[:id])
    # ruleid: rails-mass-assignment-permit-all
    user.update(params.require(:user).permit!)
  end

  def create
    # ok: rails-mass-assignment-permit-all
    User.create(params.require(:user).permit(:name, :email))
  end
end
