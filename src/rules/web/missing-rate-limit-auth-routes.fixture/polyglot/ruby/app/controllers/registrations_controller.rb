class RegistrationsController < ApplicationController
  def create
    head :created
  end
end
