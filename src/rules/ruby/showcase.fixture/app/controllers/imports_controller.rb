class ImportsController < ApplicationController
  # ruleid: rails-csrf-skip
  skip_before_action :verify_authenticity_token

  def create
    # ruleid: insecure-deserialization
    data = YAML.load(params[:payload])
  end
end
