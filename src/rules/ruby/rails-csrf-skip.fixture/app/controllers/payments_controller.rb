class PaymentsController < ApplicationController
  # ruleid: rails-csrf-skip
  skip_before_action :verify_authenticity_token

  def create; end
end
