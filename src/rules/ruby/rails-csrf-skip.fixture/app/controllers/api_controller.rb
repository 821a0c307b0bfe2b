class ApiController < ApplicationController
  # ok: rails-csrf-skip
  protect_from_forgery with: :null_session

  def index; end
end
