class IdentitiesController < ApplicationController
  # ok: rails-csrf-skip
  skip_before_action :verify_authenticity_token, only: [:auth_success]

  def auth_success; end
end
