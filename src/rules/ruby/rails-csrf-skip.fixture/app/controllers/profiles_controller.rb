class ProfilesController < ApplicationController
  # ruleid: rails-csrf-skip
  skip_before_action :verify_authenticity_token, only: [:update, :auth_success]

  def update; end

  def auth_success; end
end
