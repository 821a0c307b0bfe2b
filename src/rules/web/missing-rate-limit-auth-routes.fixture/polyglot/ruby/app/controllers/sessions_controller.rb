class SessionsController < ApplicationController
  def create
    head :ok
  end
end
